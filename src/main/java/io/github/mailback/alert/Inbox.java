package io.github.mailback.alert;

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
 * the sender takes slots in order and advances the count of takes. The two counts live in one array,
 * far enough apart that they never share a cache line, and logging threads read the sender's count only
 * when the room they last saw is used up: while the sender drains in the middle of a burst, the
 * logging thread does not pay for a cache line that the sender writes on every take. No allocation per
 * incident either, where a linked queue needs a node.
 *
 * <p>Waking the sender costs a system call, so a logging thread does it only when the sender
 * sleeps with nothing to do (the first incident after a quiet spell) or when the inbox reaches about
 * half its capacity. Otherwise the sender, which has work pending, wakes on its own short tick.
 */
final class Inbox {
    private static final VarHandle COUNT = MethodHandles.arrayElementVarHandle(long[].class);
    /** Indexes in {@link #counts}: 128 bytes apart, and 128 from either end of the array. */
    private static final int CLAIMED = 16;
    private static final int ROOM_SEEN = 17;
    private static final int TAKEN = 32;

    private final int capacity;
    private final int mask;
    private final AtomicReferenceArray<Incident> slots;
    /**
     * Incidents claimed by logging threads; the claims' limit as a logging thread last worked it out
     * (taken + capacity, never more than the true limit, so a stale value only sends a thread to look
     * again; written with release and read with acquire, so that a thread that trusts another's limit
     * also sees the sender's emptying of the slots below it); incidents taken by the sender.
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
        this.slots = new AtomicReferenceArray<>(size);
        counts[ROOM_SEEN] = capacity;
    }

    /** The thread to wake; set once by the sender before it starts consuming. */
    public void consumer(Thread thread) {
        this.consumer = thread;
    }

    /**
     * Hands over an incident; false when the inbox is full, and then the incident goes to the
     * {@link Spill}, which keeps its group (by fingerprint) and a count.
     */
    public boolean offer(Incident incident) {
        long claim;
        long limit;
        do {
            claim = (long) COUNT.getVolatile(counts, CLAIMED);
            limit = (long) COUNT.getAcquire(counts, ROOM_SEEN);
            if (claim >= limit) {
                limit = (long) COUNT.getVolatile(counts, TAKEN) + capacity;
                if (claim >= limit) {
                    overflow.increment();
                    spill.add(incident);
                    return false;
                }
                COUNT.setRelease(counts, ROOM_SEEN, limit);
            }
        } while (!COUNT.compareAndSet(counts, CLAIMED, claim, claim + 1));
        // A volatile store: it must not pass the read of consumerIdle below (see await).
        slots.set((int) claim & mask, incident);
        if (consumerIdle || claim + 1 == limit - capacity / 2) {
            wake();
        }
        return true;
    }

    /**
     * False when the inbox is full, so that a logging thread in a flood can skip building the context
     * snapshot that {@link #offer} would only spill. A hint: {@code offer} decides.
     */
    public boolean hasRoom() {
        long claim = (long) COUNT.getOpaque(counts, CLAIMED);
        return claim < (long) COUNT.getOpaque(counts, ROOM_SEEN)
                || claim < (long) COUNT.getOpaque(counts, TAKEN) + capacity;
    }

    /**
     * The next incident, or null when there is none yet: also when a logging thread has claimed the
     * next slot and not yet filled it (it is taken at the next call). Consumer only.
     */
    public Incident poll() {
        long taken = (long) COUNT.getOpaque(counts, TAKEN);
        int i = (int) taken & mask;
        Incident incident = slots.get(i);
        if (incident != null) {
            slots.setOpaque(i, null);
            COUNT.setRelease(counts, TAKEN, taken + 1);
        }
        return incident;
    }

    /** What the spill holds, each group once; consumer only. */
    void takeSpilled(Spill.Taker taker) {
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
            // (and wakes us) or stored its incident where this check finds it.
            if (slots.get((int) (long) COUNT.getOpaque(counts, TAKEN) & mask) != null) {
                consumerIdle = false;
                return;
            }
        }
        if (nanos == Long.MAX_VALUE) {
            LockSupport.park(this);
        } else if (nanos > 0) {
            LockSupport.parkNanos(this, nanos);
        }
        consumerIdle = false;
    }
}
