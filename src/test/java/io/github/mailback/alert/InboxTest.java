package io.github.mailback.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hand-over from logging threads to the sender: bounded, in order, nothing lost or taken twice. */
@Timeout(30)
class InboxTest {
    private final LoggerContext context = new LoggerContext();

    private Incident incident(String message) {
        Logger l = context.getLogger("a.A");
        LoggingEvent e = new LoggingEvent(Logger.class.getName(), l, Level.ERROR, message, null, null);
        return new Incident(e, List.of(), 0);
    }

    @Test
    void holdsExactlyItsCapacityEvenWhenThatIsNoPowerOfTwo() {
        Inbox inbox = new Inbox(3);
        List<Incident> offered = List.of(incident("0"), incident("1"), incident("2"));
        for (Incident i : offered) {
            assertTrue(inbox.offer(i));
        }
        assertFalse(inbox.hasRoom());
        assertFalse(inbox.offer(incident("3")), "full");
        assertEquals(1, inbox.overflowCount());

        assertSame(offered.get(0), inbox.poll());
        assertTrue(inbox.hasRoom(), "a take makes room");
        Incident fourth = incident("4");
        assertTrue(inbox.offer(fourth));
        assertFalse(inbox.offer(incident("5")));
        assertEquals(List.of(offered.get(1), offered.get(2), fourth), List.of(inbox.poll(), inbox.poll(), inbox.poll()));
        assertNull(inbox.poll());
    }

    /**
     * Room that takes make is published to logging threads in steps (an eighth of the capacity, at
     * most 64 takes), and at once when the sender finds the inbox empty: a full inbox never stays full
     * after the sender has emptied it.
     */
    @Test
    void roomIsPublishedInStepsAndWhenTheSenderFindsTheInboxEmpty() {
        Inbox inbox = new Inbox(16); // publishes every 2 takes
        for (int i = 0; i < 16; i++) {
            assertTrue(inbox.offer(incident("i" + i)));
        }
        assertFalse(inbox.hasRoom());
        inbox.poll();
        assertFalse(inbox.hasRoom(), "one take is not published yet");
        inbox.poll();
        assertTrue(inbox.hasRoom(), "the second one publishes both");
        assertTrue(inbox.offer(incident("a")));
        assertTrue(inbox.offer(incident("b")));
        assertFalse(inbox.offer(incident("c")), "room for two");

        for (int i = 0; i < 15; i++) {
            assertNotNull(inbox.poll());
        }
        for (int i = 0; i < 13; i++) {
            assertTrue(inbox.offer(incident("j" + i)));
        }
        int left = 0;
        while (inbox.poll() != null) {
            left++;
        }
        assertEquals(14, left, "31 taken in all, the last one not in a step of two");
        for (int i = 0; i < 16; i++) {
            assertTrue(inbox.offer(incident("k" + i)), "an emptied inbox takes its whole capacity again");
        }
        assertFalse(inbox.offer(incident("k16")));
    }

    @Test
    void aFullInboxSpillsTheIncidentWithItsGroupAndCount() {
        Inbox inbox = new Inbox(2);
        inbox.offer(incident("kept"));
        inbox.offer(incident("kept"));
        inbox.offer(incident("spilled"));
        inbox.offer(incident("spilled"));
        List<String> taken = new ArrayList<>();
        inbox.takeSpilled((first, last, count) -> taken.add(first.event().getMessage() + " x" + count));
        assertEquals(List.of("spilled x2"), taken);
        assertEquals(2, inbox.overflowCount());
    }

    /**
     * Four logging threads offer while the sender takes, and offer again what a full inbox refused:
     * every incident is taken exactly once, each thread's in the order it offered them, and every
     * refusal is counted.
     */
    @Test
    void concurrentOffersAreTakenOnceEachInTheirThreadsOrder() throws Exception {
        int threads = 4;
        int perThread = 50_000;
        Inbox inbox = new Inbox(1000);
        Incident[][] incidents = new Incident[threads][perThread];
        ILoggingEvent event = incident("concurrent").event();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                incidents[t][i] = new Incident(event, List.of(), (long) t * perThread + i); // its id, in place of a time
            }
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Long>> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Incident[] mine = incidents[t];
            FutureTask<Long> producer = new FutureTask<>(() -> {
                start.await();
                long refused = 0;
                for (Incident i : mine) {
                    while (!inbox.offer(i)) { // full: offer again, so that every incident also goes through
                        refused++;
                        Thread.yield(); // four producers and the sender may share fewer cores
                    }
                }
                return refused;
            });
            producers.add(producer);
            Thread thread = new Thread(producer, "producer-" + t);
            thread.setDaemon(true);
            thread.start();
        }
        start.countDown();
        int[] next = new int[threads];
        long taken = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (taken < (long) threads * perThread) {
            Incident i = inbox.poll();
            if (i == null) {
                assertTrue(System.nanoTime() < deadline, () -> "lost incidents: " + inbox.overflowCount() + " overflow, "
                        + Arrays.toString(next) + " taken up to, per thread");
                Thread.onSpinWait();
                continue;
            }
            taken++;
            int thread = (int) (i.loggedNanos() / perThread);
            int index = (int) (i.loggedNanos() % perThread);
            assertTrue(index >= next[thread], "thread " + thread + ": " + index + " came after " + (next[thread] - 1));
            assertSame(incidents[thread][index], i);
            next[thread] = index + 1;
        }
        assertNull(inbox.poll(), "nothing left");
        long refused = 0;
        for (Future<Long> p : producers) {
            refused += p.get(10, TimeUnit.SECONDS);
        }
        assertEquals(refused, inbox.overflowCount(), "every refusal counted as overflow");
    }

    @Test
    void anIdleSenderIsWokenByTheNextIncident() throws Exception {
        Inbox inbox = new Inbox(10);
        FutureTask<Incident> sender = new FutureTask<>(() -> {
            Incident i;
            while ((i = inbox.poll()) == null) {
                inbox.await(Long.MAX_VALUE, true);
            }
            return i;
        });
        startParked(inbox, sender);
        Incident incident = incident("wake up");
        inbox.offer(incident);
        assertSame(incident, sender.get(10, TimeUnit.SECONDS));
    }

    /**
     * A logging thread that found the inbox full may spill its event only after the sender has
     * emptied the inbox and gone to sleep with nothing to do: the spill wakes it, or the event would
     * wait there for the next ERROR.
     */
    @Test
    void anIdleSenderIsWokenByASpilledEvent() throws Exception {
        Inbox inbox = new Inbox(10);
        FutureTask<String> sender = new FutureTask<>(() -> {
            List<String> spilled = new ArrayList<>();
            while (true) {
                assertNull(inbox.poll());
                inbox.takeSpilled((first, lastMillis, count) -> spilled.add(first.event().getMessage() + " x" + count));
                if (!spilled.isEmpty()) {
                    return String.join(", ", spilled);
                }
                inbox.await(Long.MAX_VALUE, true);
            }
        });
        startParked(inbox, sender);
        inbox.spill(incident("late").event(), 0);
        assertEquals("late x1", sender.get(10, TimeUnit.SECONDS));
    }

    /** Runs {@code sender} as the inbox's consumer and returns once it is parked in await with nothing to take. */
    private static void startParked(Inbox inbox, Runnable sender) {
        Thread t = new Thread(sender, "sender");
        t.setDaemon(true); // should the wake-up be lost, the test fails and the thread must not keep the JVM
        inbox.consumer(t);
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t.getState() != Thread.State.WAITING) {
            assertTrue(System.nanoTime() < deadline, "the sender never parked");
            Thread.onSpinWait();
        }
    }
}
