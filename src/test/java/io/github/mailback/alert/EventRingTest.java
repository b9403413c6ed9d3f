package io.github.mailback.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EventRingTest {
    private final LoggerContext context = new LoggerContext();

    private ILoggingEvent event(String msg) {
        return new LoggingEvent(Logger.class.getName(), context.getLogger("t"), Level.INFO, msg, null, null);
    }

    private static List<String> messages(List<ILoggingEvent> events) {
        return events.stream().map(ILoggingEvent::getMessage).toList();
    }

    @Test
    void drainGivesTheLastCapacityEventsSinceThePreviousDrainOldestFirst() {
        EventRing ring = new EventRing(3);
        for (int i = 1; i <= 5; i++) {
            ring.add(event("e" + i));
        }
        assertEquals(List.of("e3", "e4", "e5"), messages(ring.drain()));
        assertEquals(List.of(), messages(ring.drain()));
        ring.add(event("e6"));
        assertEquals(List.of("e6"), messages(ring.drain()));
    }

    @Test
    void aCapacityOfOneKeepsOnlyTheLatest() {
        EventRing ring = new EventRing(1);
        ring.add(event("a"));
        ring.add(event("b"));
        assertEquals(List.of("b"), messages(ring.drain()));
    }

    @Test
    @Timeout(20)
    void concurrentWritersAndDrainsNeverReturnMoreThanCapacityOrRepeatAnEvent() throws Exception {
        EventRing ring = new EventRing(64);
        int threads = 4;
        int perThread = 50_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        AtomicLong drained = new AtomicLong();
        java.util.Set<ILoggingEvent> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicLong duplicates = new AtomicLong();
        // Checked here, on the test thread: an assertion in a writer thread would never reach JUnit.
        java.util.concurrent.atomic.AtomicInteger largest = new java.util.concurrent.atomic.AtomicInteger();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    ring.add(event("x"));
                    if (i % 100 == 0) {
                        List<ILoggingEvent> d = ring.drain();
                        largest.accumulateAndGet(d.size(), Math::max);
                        drained.addAndGet(d.size());
                        for (ILoggingEvent e : d) {
                            if (!seen.add(e)) {
                                duplicates.incrementAndGet();
                            }
                        }
                    }
                }
            });
            writers.add(w);
            w.start();
        }
        go.countDown();
        for (Thread w : writers) {
            w.join();
        }
        assertEquals(0, duplicates.get());
        assertTrue(drained.get() > 0);
        assertTrue(largest.get() <= 64, "a drain returned " + largest.get() + " events from a ring of 64");
    }

    @Test
    @Timeout(10)
    void twoThreadsWriteTheirOwnStripesAndADrainMergesThemByTimeKeepingTheNewest() throws Exception {
        EventRing ring = new EventRing(4);
        Thread odd = new Thread(() -> addAt(ring, 1, 3, 5, 7));
        Thread even = new Thread(() -> addAt(ring, 2, 4, 6, 8));
        odd.start();
        odd.join();
        even.start();
        even.join();
        assertEquals(List.of(5L, 6L, 7L, 8L), ring.drain().stream().map(ILoggingEvent::getTimeStamp).toList());
        assertEquals(List.of(), ring.drain(), "a drain takes what it returns, from every stripe");

        Thread late = new Thread(() -> addAt(ring, 10, 12));
        late.start();
        late.join();
        addAt(ring, 11);
        LoggingEvent trigger = new LoggingEvent(Logger.class.getName(), context.getLogger("t"), Level.ERROR, "x", null,
                null);
        trigger.setTimeStamp(13);
        assertEquals(List.of(10L, 11L, 12L, 13L),
                ring.drainWith(trigger).stream().map(ILoggingEvent::getTimeStamp).toList());
    }

    private void addAt(EventRing ring, long... millis) {
        for (long m : millis) {
            LoggingEvent e = new LoggingEvent(Logger.class.getName(), context.getLogger("t"), Level.INFO, "at " + m,
                    null, null);
            e.setTimeStamp(m);
            ring.add(e);
        }
    }

    @Test
    void aTriggeringEventJoinsAtMostCapacityMinusOneEarlierEvents() {
        EventRing ring = new EventRing(3);
        for (int i = 0; i < 5; i++) {
            ring.add(event("before " + i));
        }
        ILoggingEvent trigger = event("trigger");
        List<ILoggingEvent> context = ring.drainWith(trigger);
        assertEquals(List.of("before 3", "before 4", "trigger"), context.stream().map(ILoggingEvent::getMessage).toList());
        ILoggingEvent next = event("next trigger");
        List<ILoggingEvent> nothingNew = ring.drainWith(next);
        assertEquals(List.of(), nothingNew, "nothing new since the last drain: no list allocated for the trigger alone");
        assertEquals(List.of(next), new Incident(next, nothingNew, 0).context(), "the incident adds its event");
    }

    /** However many threads log to a key, its ring holds at most twice its capacity, and nothing once drained. */
    @Test
    void manyThreadsLeaveAtMostTwiceTheCapacityAndADrainLetsGoOfWhatItTook() throws Exception {
        EventRing ring = new EventRing(256);
        int threads = 2 * EventRing.STRIPES;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(threads);
        List<Thread> writers = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < 2_000; i++) {
                        ring.add(event("e" + i));
                    }
                } catch (Exception e) {
                    failed.set(e);
                }
            });
            writers.add(w);
            w.start();
        }
        for (Thread w : writers) {
            w.join();
        }
        assertNull(failed.get());
        assertTrue(ring.held() <= 2 * 256 + EventRing.STRIPES, ring.held() + " events held by " + EventRing.STRIPES
                + " stripes");
        assertEquals(255, ring.drainWith(event("trigger")).size() - 1, "the context is still a full buffer's worth");
        assertTrue(ring.held() <= 2 * 256 + EventRing.STRIPES - 255, "what the drain took is let go: " + ring.held());
        assertEquals(List.of(), ring.drain());
    }

    /**
     * Threads that log one after another, as when each key's events come from a thread that moves on:
     * a stripe written before the others joined keeps no more than its share once they do.
     */
    @Test
    void threadsThatLogInTurnLeaveAtMostTwiceTheCapacity() throws Exception {
        EventRing ring = new EventRing(256);
        java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
        for (int t = 0; t < EventRing.STRIPES; t++) {
            Thread w = new Thread(() -> {
                try {
                    for (int i = 0; i < 1_000; i++) {
                        ring.add(event("e" + i));
                    }
                } catch (RuntimeException e) {
                    failed.set(e);
                }
            });
            w.start();
            w.join();
        }
        assertNull(failed.get());
        assertTrue(ring.held() <= 2 * 256, ring.held() + " events held by " + EventRing.STRIPES + " stripes");
    }

    @Test
    void oneThreadKeepsAWholeBufferAndLetsGoOfTheDrainedEvents() {
        EventRing ring = new EventRing(100);
        for (int i = 0; i < 1_000; i++) {
            ring.add(event("e" + i));
        }
        assertEquals(128, ring.held(), "one stripe keeps its whole array: at most twice the capacity");
        assertEquals(100, ring.drain().size());
        assertEquals(28, ring.held(), "older than the capacity, not handed out");
    }

    @Test
    void theTrackerEvictsTheLeastRecentlyUsedKey() {
        RingTracker tracker = new RingTracker(4, 2);
        LoggingEvent old = new LoggingEvent(Logger.class.getName(), context.getLogger("t"), Level.INFO, "old", null, null);
        old.setTimeStamp(1000);
        LoggingEvent recent = new LoggingEvent(Logger.class.getName(), context.getLogger("t"), Level.INFO, "new", null, null);
        recent.setTimeStamp(2000);
        tracker.ring("a").add(old);
        tracker.ring("b").add(recent);
        EventRing b = tracker.ring("b");
        tracker.ring("c");
        assertEquals(2, tracker.size());
        assertTrue(tracker.ring("b") == b, "the recent key stays");
    }
}
