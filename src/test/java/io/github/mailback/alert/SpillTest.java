package io.github.mailback.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.ArrayList;
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

    private LoggingEvent event(String logger, String message) {
        return new LoggingEvent(Logger.class.getName(), context.getLogger(logger), Level.ERROR, message, null, null);
    }

    @Test
    void groupsByFingerprintAndCountsBeyondTheGroupLimit() {
        Spill spill = new Spill();
        for (int i = 0; i < 3; i++) {
            spill.add(event("a.A", "boom"), 0);
        }
        for (int g = 0; g < Spill.MAX_GROUPS + 5; g++) {
            spill.add(event("g.G" + g, "distinct " + g), 0);
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

    @Test
    void aGroupKeepsItsFirstEventWithItsTimeAndTheTimeStampOfItsLatest() {
        Spill spill = new Spill();
        LoggingEvent first = event("a.A", "boom");
        first.setTimeStamp(1_000);
        LoggingEvent latest = event("a.A", "boom");
        latest.setTimeStamp(5_000);
        LoggingEvent between = event("a.A", "boom");
        between.setTimeStamp(3_000);
        spill.add(first, 42);
        spill.add(latest, 99);
        spill.add(between, 77);

        List<String> taken = new ArrayList<>();
        spill.takeAll((f, lastMillis, count) -> {
            assertSame(first, f.event());
            assertEquals(List.of(first), f.context(), "a spilled event comes without the ring's context");
            taken.add(f.loggedNanos() + " " + lastMillis + " x" + count);
        });
        assertEquals(List.of("42 5000 x3"), taken);
    }

    private LoggingEvent event(String logger, String message, Throwable t) {
        return new LoggingEvent(Logger.class.getName(), context.getLogger(logger), Level.ERROR, message, t, null);
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
        LoggingEvent io = event("a.A", "failed", wrapped(20, new java.io.IOException("disk")));
        LoggingEvent sql = event("a.A", "failed", wrapped(20, new java.util.concurrent.TimeoutException("db")));
        assertNotEquals(Fingerprint.of(io), Fingerprint.of(sql), "two root causes, two fingerprints");
        spill.add(io, 0);
        spill.add(sql, 0);
        spill.add(event("a.A", "failed", wrapped(20, new java.io.IOException("disk again"))), 0);

        Map<String, Long> taken = new HashMap<>();
        spill.takeAll((first, last, count) -> taken.put(Fingerprint.of(first.event()), count));
        assertEquals(Map.of(Fingerprint.of(io), 2L, Fingerprint.of(sql), 1L), taken);
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
            LoggingEvent mine = event("t.T" + (t % 2), "flood");
            loggers[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    spill.add(mine, 0);
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
