package io.github.mailback.alert;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The bounded hand-over from logging threads to the sender thread. {@link #offer} never blocks:
 * when the inbox is full the incident goes to the {@link Spill} and is counted as overflow (and still
 * reported by number).
 *
 * <p>An array of slots that logging threads fill in turn and the sender empties in the same order.
 * A logging thread claims a slot by advancing the count of claims, then stores its incident there;
 * the sender takes slots in order, counting its takes on its own. Logging threads never read that
 * count: they read the limit of claims, which the sender publishes every {@code publishEvery} takes
 * and whenever it finds the inbox empty. In a flood the inbox is full and every ERROR checks for room;
 * were that check to read a count the sender writes on every take, each ERROR would fetch that cache
 * line from the other core while the sender drains. The price is that room a take makes shows a few
 * takes late. No allocation per incident either, where a linked queue needs a node.
 *
 * <p>Waking the sender costs a system call, so a logging thread does it only when the sender
 * sleeps with nothing to do: the first incident after a quiet spell. Otherwise the sender, which has
 * work pending, takes what came on its own tick (at most a second). A burst that fills the inbox
 * before then spills, which keeps every event's group and count; waking the sender to drain beside
 * the logging threads instead (tried: at half the capacity, once per filling or at every step of
 * published room) slowed the logging threads more than the spill does, on two cores (BENCHMARKS.md).
 */
final class Inbox {
    private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(long[].class);
    /** Indexes in {@link #counts}: 128 bytes apart, and 128 from either end of the array. */
    private static final int CLAIMED = 16;
    private static final int LIMIT = 32;
    /**
     * The consumer's own, read and written plainly: incidents taken, the limit it last published, and
     * the overflow count when it last took the spill. Apart from what logging threads read on every
     * ERROR, so that the sender's writes on every take do not take those lines from them.
     */
    private static final int TAKEN = 48;
    private static final int PUBLISHED = 49;
    private static final int OVERFLOW_TAKEN = 50;
    /** At most this many takes before their room is published. */
    private static final int MAX_PUBLISH_EVERY = 64;

    private final int capacity;
    private final int mask;
    private final int publishEvery;
    private final AtomicReferenceArray<Incident> slots;
    /**
     * Incidents claimed by logging threads, and the limit of claims: taken + capacity as the sender
     * last published it (with release, read with acquire, so that a thread that claims below it also
     * sees the sender's emptying of the slot).
     */
    private final long[] counts = new long[TAKEN + 16];
    private final LongAdder overflow = new LongAdder();
    private final Spill spill = new Spill();
    private volatile Thread consumer;
    /** Set by the consumer just before it parks with nothing pending. */
    private volatile boolean consumerIdle;

    public Inbox(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2: " + capacity);
        }
        this.capacity = capacity;
        int size = Integer.highestOneBit(capacity - 1) << 1;
        this.mask = size - 1;
        this.publishEvery = Math.max(1, Math.min(MAX_PUBLISH_EVERY, capacity / 8));
        this.slots = new AtomicReferenceArray<>(size);
        counts[PUBLISHED] = capacity;
        counts[LIMIT] = capacity;
    }

    /** The thread to wake; set once by the sender before it starts consuming. */
    public void consumer(Thread thread) {
        this.consumer = thread;
    }

    /**
     * Hands over an incident; false when the inbox is full, and then the incident goes to the
     * {@link Spill}, which keeps its group (by logger, message template and root cause) and a count.
     */
    public boolean offer(Incident incident) {
        long claim;
        long limit;
        do {
            claim = (long) COUNT.getVolatile(counts, CLAIMED);
            limit = (long) COUNT.getAcquire(counts, LIMIT);
            if (claim >= limit) {
                spill.add(incident); // with its context, should it start a group
                spilled();
                return false;
            }
        } while (!COUNT.compareAndSet(counts, CLAIMED, claim, claim + 1));
        // A volatile store: it must not pass the read of consumerIdle below (see await).
        slots.set((int) claim & mask, incident);
        if (consumerIdle) {
            wake();
        }
        return true;
    }

    /**
     * False when the inbox is full, so that a logging thread in a flood can {@link #spill} its event
     * without building the incident and context snapshot that {@link #offer} would only spill. A
     * hint: {@code offer} decides.
     */
    public boolean hasRoom() {
        return (long) COUNT.getOpaque(counts, CLAIMED) < (long) COUNT.getOpaque(counts, LIMIT);
    }

    /**
     * Counts a triggering event that found the inbox full into its group in the {@link Spill}, logged
     * at {@code loggedNanos}.
     */
    public void spill(ILoggingEvent event, long loggedNanos) {
        spill.add(event, loggedNanos);
        spilled();
    }

    /**
     * Counts a spilled event, after it is in the spill, then wakes a sender that sleeps with nothing
     * to do: the count is what its last look before sleeping reads (see {@link #await}), so either it
     * sees this event or this thread sees it asleep.
     */
    private void spilled() {
        overflow.increment();
        if (consumerIdle) {
            wake();
        }
    }

    /**
     * The next incident, or null when there is none yet: also when a logging thread has claimed the
     * next slot and not yet filled it (it is taken at the next call). Consumer only.
     */
    public Incident poll() {
        int i = (int) counts[TAKEN] & mask;
        Incident incident = slots.get(i);
        if (incident == null) {
            publish();
            return null;
        }
        slots.setOpaque(i, null);
        if (++counts[TAKEN] % publishEvery == 0) {
            publish();
        }
        return incident;
    }

    /** Lets logging threads claim the slots taken so far (the release orders their emptying first). */
    private void publish() {
        long limit = counts[TAKEN] + capacity;
        if (limit != counts[PUBLISHED]) {
            counts[PUBLISHED] = limit;
            COUNT.setRelease(counts, LIMIT, limit);
        }
    }

    /** What the spill holds, each group once; consumer only. */
    void takeSpilled(Spill.Taker taker) {
        counts[OVERFLOW_TAKEN] = overflow.sum(); // events counted by now are in the spill already
        spill.takeAll(taker);
    }

    /** Incidents refused by the full inbox that the spill could keep in no group (monotonic). */
    long ungroupedOverflowCount() {
        return spill.ungroupedCount();
    }

    /** Incidents refused so far because the inbox was full, grouped or not (monotonic). */
    public long overflowCount() {
        return overflow.sum();
    }

    public int capacity() {
        return capacity;
    }

    /** Wakes the consumer, whatever it waits for. */
    public void wake() {
        consumerIdle = false;
        Thread t = consumer;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /**
     * Parks the consumer until an incident arrives, {@link #wake()} is called, or {@code nanos}
     * elapse ({@code Long.MAX_VALUE}: no limit). {@code idle} says that nothing is pending, so the
     * next incident must wake it at once.
     */
    public void await(long nanos, boolean idle) {
        if (idle) {
            consumerIdle = true;
            // Re-check after publishing the flag: an offer that raced with us either sees the flag
            // (and wakes us) or stored its incident where this check finds it; a spill either sees
            // the flag or counted its event where this check finds the count grown.
            if (slots.get((int) counts[TAKEN] & mask) != null || overflow.sum() != counts[OVERFLOW_TAKEN]) {
                consumerIdle = false;
                return;
            }
        }
        if (nanos == Long.MAX_VALUE) {
            LockSupport.park(this);
        } else if (nanos > 0) {
            LockSupport.parkNanos(this, nanos);
        }
        if (consumerIdle) {
            consumerIdle = false; // written only when set: logging threads read it on every spill
        }
    }
}
