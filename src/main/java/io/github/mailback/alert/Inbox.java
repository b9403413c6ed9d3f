package io.github.mailback.alert;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The bounded hand-over from logging threads to the sender thread. {@link #offer} never blocks:
 * when the inbox is full the incident is counted as overflow (and still reported by number).
 *
 * <p>Waking the sender costs a system call, so a logging thread does it only when the sender
 * sleeps with nothing to do (the first incident after a quiet spell) or when the inbox reaches half
 * its capacity. Otherwise the sender, which has work pending, wakes on its own short tick.
 */
final class Inbox {
    private final int capacity;
    private final ConcurrentLinkedQueue<Incident> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
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
        if (size.get() >= capacity) {
            // Full, as it stays in a flood: a read, where a claim and its undo would be two writes.
            overflow.increment();
            spill.add(incident);
            return false;
        }
        int n = size.incrementAndGet();
        if (n > capacity) {
            size.decrementAndGet();
            overflow.increment();
            spill.add(incident);
            return false;
        }
        queue.offer(incident);
        if (consumerIdle || n == capacity / 2) {
            wake();
        }
        return true;
    }

    /**
     * False when the inbox is full, so that a logging thread in a flood can skip building the context
     * snapshot that {@link #offer} would only spill. A hint: {@code offer} decides.
     */
    public boolean hasRoom() {
        return size.get() < capacity;
    }

    /** The next incident, or null when empty. Consumer only. */
    public Incident poll() {
        Incident i = queue.poll();
        if (i != null) {
            size.decrementAndGet();
        }
        return i;
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
            // (and wakes us) or left its incident where this check finds it.
            if (!queue.isEmpty()) {
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
