package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class StopRaceTest {
    @Test
    @Timeout(60)
    void eightThreadsLoggingWhileStopRunsNeitherDeadlockNorLoseACount() throws Exception {
        try (MailServer server = MailServer.start()) {
            LoggerContext context = LogbackConfig.load("/logback/fast.xml",
                    Map.of("smtpPort", String.valueOf(server.port()), "batchWindow", "50 ms",
                            "shutdownTimeout", "30 seconds"));
            SmtpAppender appender = LogbackConfig.appender(context, "EMAIL");
            Logger log = context.getLogger("com.example.Race");
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong logged = new AtomicLong();
            CountDownLatch started = new CountDownLatch(8);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int id = t;
                Thread thread = new Thread(() -> {
                    started.countDown();
                    long i = 0;
                    while (running.get()) {
                        log.info("step {}", i);
                        log.error("worker {} failed at {}", id, i++);
                        logged.incrementAndGet();
                        // Pace the load a little: eight spinning threads would starve the in-process
                        // mail server on a small machine, which is not what this test is about.
                        java.util.concurrent.locks.LockSupport.parkNanos(20_000);
                    }
                }, "logger-" + t);
                threads.add(thread);
                thread.start();
            }
            started.await();
            Await.until("some errors to be logged", Duration.ofSeconds(10), () -> logged.get() > 5_000);

            String before = appender.counters() + "\n" + LogbackConfig.statuses(context);
            long stopStart = System.nanoTime();
            // Two stoppers at once, as when Logback's shutdown hook and the appender's own both run.
            Thread otherStopper = new Thread(appender::stop, "other-stopper");
            otherStopper.start();
            context.stop();
            otherStopper.join(35_000);
            assertFalse(otherStopper.isAlive(), "the second stop() hangs");
            long stopMillis = (System.nanoTime() - stopStart) / 1_000_000;
            String after = appender.counters() + " stop took " + stopMillis + " ms\n" + LogbackConfig.statuses(context);
            assertFalse(appender.isStarted());
            running.set(false);
            for (Thread t : threads) {
                t.join(10_000);
                assertFalse(t.isAlive(), t.getName() + " is stuck");
            }

            long triggered = appender.getTriggeringEvents();
            assertTrue(triggered > 0 && triggered <= logged.get(), triggered + " of " + logged.get());
            assertEquals(0, appender.getEventsHeld());
            assertEquals(triggered, appender.getEventsReported() + appender.getEventsUncertain()
                    + appender.getEventsFailed() + appender.getEventsLost(), appender.counters()::toString);
            long mailed = server.messages().stream().mapToLong(MailServer::events).sum();
            assertEquals(appender.getEventsReported(), mailed);
            assertEquals(triggered, mailed, () -> "before stop: " + before + "\nafter: " + after);
        }
    }

    @Test
    void theCountersAreInJmxWhileStartedAndGoneAfterStop() throws Exception {
        try (MailServer server = MailServer.start()) {
            LoggerContext context = LogbackConfig.load("/logback/fast.xml",
                    Map.of("smtpPort", String.valueOf(server.port())));
            MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("io.github.mailback:type=SmtpAppender,context="
                    + SmtpAppender.jmxValue(context.getName()) + ",name=EMAIL");
            try {
                assertTrue(mbeans.isRegistered(name), () -> LogbackConfig.statuses(context));
                context.getLogger("x").error("one");
                assertEquals(1L, mbeans.getAttribute(name, "TriggeringEvents"));
                assertEquals(0L, mbeans.getAttribute(name, "EmailsSent"));
            } finally {
                context.stop();
            }
            assertFalse(mbeans.isRegistered(name));
            assertEquals(1, server.messages().size());
        }
    }
}
