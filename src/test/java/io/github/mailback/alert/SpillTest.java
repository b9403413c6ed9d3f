package io.github.mailback.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Events that find the inbox full: grouped by fingerprint, every one counted exactly once. */
@Timeout(30)
class SpillTest {
    private final LoggerContext context = new LoggerContext();

    private Incident incident(String logger, String message) {
        Logger l = context.getLogger(logger);
        LoggingEvent e = new LoggingEvent(Logger.class.getName(), l, Level.ERROR, message, null, null);
        return new Incident(e, List.of(e), System.nanoTime());
    }

    @Test
    void groupsByFingerprintAndCountsBeyondTheGroupLimit() {
        Spill spill = new Spill();
        for (int i = 0; i < 3; i++) {
            spill.add(incident("a.A", "boom"));
        }
        for (int g = 0; g < Spill.MAX_GROUPS + 5; g++) {
            spill.add(incident("g.G" + g, "distinct " + g));
        }
        Map<String, Long> taken = new HashMap<>();
        spill.takeAll((first, last, count) -> taken.merge(first.event().getLoggerName(), count, Long::sum));

        assertEquals(3L, taken.get("a.A"));
        assertEquals(Spill.MAX_GROUPS, taken.size(), "a.A plus the first groups that fitted");
        assertEquals(6, spill.ungroupedCount(), "the rest is counted");
        taken.clear();
        spill.takeAll((first, last, count) -> taken.put(first.event().getLoggerName(), count));
        assertTrue(taken.isEmpty(), "taking empties the spill");
    }

    private Incident incident(String logger, String message, Throwable t) {
        LoggingEvent e = new LoggingEvent(Logger.class.getName(), context.getLogger(logger), Level.ERROR, message, t,
                null);
        return new Incident(e, List.of(e), System.nanoTime());
    }

    /** A chain of {@code depth} wrappers around {@code root}. */
    private static Throwable wrapped(int depth, Throwable root) {
        Throwable t = root;
        for (int i = 0; i < depth; i++) {
            t = new IllegalStateException("level " + i, t);
        }
        return t;
    }

    @Test
    void aDeepChainIsGroupedByTheRootCauseTheFingerprintSees() {
        Spill spill = new Spill();
        Incident io = incident("a.A", "failed", wrapped(20, new java.io.IOException("disk")));
        Incident sql = incident("a.A", "failed", wrapped(20, new java.util.concurrent.TimeoutException("db")));
        assertNotEquals(Fingerprint.of(io.event()), Fingerprint.of(sql.event()), "two root causes, two fingerprints");
        spill.add(io);
        spill.add(sql);
        spill.add(incident("a.A", "failed", wrapped(20, new java.io.IOException("disk again"))));

        Map<String, Long> taken = new HashMap<>();
        spill.takeAll((first, last, count) -> taken.put(Fingerprint.of(first.event()), count));
        assertEquals(Map.of(Fingerprint.of(io.event()), 2L, Fingerprint.of(sql.event()), 1L), taken);
    }

    @Test
    void noEventIsLostOrCountedTwiceWhileTheSenderTakes() throws Exception {
        Spill spill = new Spill();
        int threads = 4;
        int perThread = 50_000;
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong taken = new AtomicLong();
        Thread sender = new Thread(() -> {
            while (!done.get()) {
                spill.takeAll((first, last, count) -> taken.addAndGet(count));
            }
        });
        Thread[] loggers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            Incident mine = incident("t.T" + (t % 2), "flood");
            loggers[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    spill.add(mine);
                }
            });
            loggers[t].start();
        }
        sender.start();
        start.countDown();
        for (Thread t : loggers) {
            t.join();
        }
        done.set(true);
        sender.join();
        spill.takeAll((first, last, count) -> taken.addAndGet(count));

        assertEquals((long) threads * perThread, taken.get() + spill.ungroupedCount());
    }
}
