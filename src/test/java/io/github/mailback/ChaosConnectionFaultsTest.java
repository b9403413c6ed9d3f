package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.github.mailback.testing.ChaosProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Chaos: a proxy in front of GreenMail drops, cuts or stalls connections at random (pass, close after
 * the greeting, after MAIL, in the middle of DATA, after the final dot before its reply, 421 at the
 * greeting, stall) while four threads log 2,000 errors of 40 kinds to an appender that mails often.
 * After {@code stop()} every event is accounted for: mailed, or counted as uncertain, failed or lost;
 * the server has at least what the appender says it delivered and at most that plus the uncertain
 * ones; no thread is left behind.
 *
 * <p>Each run takes three fixed seeds and a fresh one; every seed is printed. Replay one with
 * {@code mvn test -Dtest=ChaosConnectionFaultsTest -Dmailback.chaos.seed=SEED}.
 */
class ChaosConnectionFaultsTest {
    private static final int THREADS = 4;
    private static final int EVENTS_PER_THREAD = 500;
    private static final int KINDS = 40;
    private static final String WATCHDOG = "mailback-smtp-watchdog";

    static LongStream seeds() {
        String replay = System.getProperty("mailback.chaos.seed");
        if (replay != null) {
            return LongStream.of(Long.parseLong(replay.trim()));
        }
        return LongStream.of(1, 2, 3, System.nanoTime());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    @Timeout(40)
    void everyEventArrivesOrIsCountedAndNoThreadIsLeftBehind(long seed) throws Exception {
        System.out.println("ChaosConnectionFaultsTest seed " + seed + " (replay: -Dmailback.chaos.seed=" + seed + ")");
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        List<String> faults = new ArrayList<>();
        SmtpAppender appender;
        LoggerContext context;
        long received;
        try (MailServer server = MailServer.start();
                ChaosProxy proxy = new ChaosProxy(server.port(), seed, line -> {
                    synchronized (faults) {
                        faults.add(line);
                    }
                })) {
            context = LogbackConfig.load("/logback/chaos.xml", Map.of("smtpPort", String.valueOf(proxy.port())));
            appender = LogbackConfig.appender(context, "EMAIL");
            List<Thread> loggers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                loggers.add(new Thread(() -> log(context, thread), "chaos-logger-" + t));
            }
            loggers.forEach(Thread::start);
            for (Thread t : loggers) {
                t.join(20_000);
                assertTrue(!t.isAlive(), t.getName() + " still logging");
            }
            context.stop();
            // An email whose reply was cut after its final dot is sent once more, the same Message-ID: one email.
            received = server.distinctMessages().stream().mapToLong(MailServer::events).sum();
            System.out.println("ChaosConnectionFaultsTest seed " + seed + ": " + proxy.counts() + "; " + appender.counters()
                    + "; received " + received + "\n" + LogbackConfig.errorsAndWarnings(context));
        }

        String state = "seed " + seed + " (-Dmailback.chaos.seed=" + seed + "): " + appender.counters() + ", received "
                + received + "\n" + String.join("\n", faults) + "\n" + LogbackConfig.statuses(context);
        long reported = appender.getEventsReported();
        long uncertain = appender.getEventsUncertain();
        assertEquals(THREADS * EVENTS_PER_THREAD, appender.getTriggeringEvents(), state);
        assertEquals(appender.getTriggeringEvents(),
                reported + uncertain + appender.getEventsFailed() + appender.getEventsLost(), state);
        assertTrue(received >= reported, state);
        assertTrue(received <= reported + uncertain, state);
        Await.until("the threads started during the run to end", Duration.ofSeconds(10),
                () -> newThreads(before).isEmpty(), () -> newThreads(before) + "\n" + state);
    }

    /** 500 errors of 10 kinds per thread (40 fingerprints in all), spread over about a second and a half. */
    private static void log(LoggerContext context, int thread) {
        Logger logger = context.getLogger("com.example.Chaos" + thread);
        for (int i = 0; i < EVENTS_PER_THREAD; i++) {
            int kind = thread * (KINDS / THREADS) + i % (KINDS / THREADS);
            logger.error("failure of kind " + kind + " for order {}", i);
            // Pacing, not waiting for anything: the errors come over several emails' worth of time.
            LockSupport.parkNanos(3_000_000L);
        }
    }

    /**
     * Threads alive now that were not before, but the SMTP client's one watchdog thread, which the first
     * connection of the JVM starts and which stays, parked, for the next client.
     */
    private static List<String> newThreads(Set<Thread> before) {
        List<Thread> all = List.of(Thread.getAllStackTraces().keySet().toArray(new Thread[0]));
        assertTrue(all.stream().filter(t -> t.getName().equals(WATCHDOG)).count() <= 1, "more than one watchdog");
        return all.stream().filter(t -> t.isAlive() && !before.contains(t) && !t.getName().equals(WATCHDOG))
                .map(Thread::getName).toList();
    }
}
