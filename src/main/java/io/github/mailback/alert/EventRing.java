package io.github.mailback.alert;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The recent events of one discriminator key: a lock-free ring that any number of logging threads
 * write without waiting on each other. Each write claims a sequence number and stores the event in
 * its slot together with that number, so a reader can tell a slot of the current lap from a stale
 * or half-written one and skip it. {@link #drain()} takes the events logged since the previous
 * drain (at most the capacity), like Logback's buffer that is emptied when an email is sent; in a
 * flood of errors each drain is therefore tiny, which keeps a triggering event cheap.
 */
final class EventRing {
    private record Slot(long sequence, ILoggingEvent event) {
    }

    private final int capacity;
    private final int mask;
    private final AtomicReferenceArray<Slot> slots;
    private final AtomicLong next = new AtomicLong();
    /** Sequences below this one were handed out by a drain already. */
    private final AtomicLong drainedUpTo = new AtomicLong();
    /**
     * Last time (ms, event time) this ring was written; lets a tracker evict the least recently used.
     * Plain on purpose: a stale read only makes eviction a little less exact, and writing it only
     * when the millisecond changes keeps logging threads from fighting over its cache line.
     */
    long lastUsedMillis;

    public EventRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        int size = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
        this.mask = size - 1;
        this.slots = new AtomicReferenceArray<>(size);
    }

    public int capacity() {
        return capacity;
    }

    /** Adds an event; never blocks. */
    public void add(ILoggingEvent event) {
        long seq = next.getAndIncrement();
        slots.lazySet((int) (seq & mask), new Slot(seq, event));
        long ts = event.getTimeStamp();
        if (lastUsedMillis != ts) {
            lastUsedMillis = ts;
        }
    }

    /** The events added since the last drain, oldest first, at most {@link #capacity()} of them. */
    public List<ILoggingEvent> drain() {
        return drainWith(null);
    }

    /**
     * As {@link #drain()}, with {@code last} (when not null) appended as the newest of at most
     * {@link #capacity()}: a triggering event joins its own context without a trip through the ring,
     * which saves a slot and a claim on the shared counter.
     */
    List<ILoggingEvent> drainWith(ILoggingEvent last) {
        long end = next.get();
        long previous = drainedUpTo.getAndAccumulate(end, Math::max);
        // With last, the ring gives one event fewer: a buffer of N holds the trigger and N - 1 before it.
        long start = Math.max(previous, end - (last == null ? capacity : capacity - 1));
        if (start >= end) {
            return last == null ? List.of() : List.of(last);
        }
        List<ILoggingEvent> events = new ArrayList<>((int) (end - start) + 1);
        for (long seq = start; seq < end; seq++) {
            Slot slot = slots.get((int) (seq & mask));
            if (slot != null && slot.sequence == seq) {
                events.add(slot.event);
            }
        }
        if (last != null) {
            events.add(last);
        }
        return events;
    }
}
