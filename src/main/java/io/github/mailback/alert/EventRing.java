package io.github.mailback.alert;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The recent events of one discriminator key: a lock-free ring that any number of logging threads
 * write without waiting on each other. It is striped: each thread writes a stripe of its own,
 * so two threads logging at once do not fight over one sequence counter and one array's cache lines
 * (at two threads that fight cost more than the rest of the logging path; see BENCHMARKS.md).
 *
 * <p>Within a stripe, each write claims a sequence number and stores the event in its slot together
 * with that number, so a reader can tell a slot of the current lap from a stale or half-written one
 * and skip it. {@link #drain()} takes the events logged since the previous drain from every stripe,
 * merged by time, at most the capacity of them (the newest), like Logback's buffer that is emptied when
 * an email is sent; in a flood of errors each drain is therefore tiny, which keeps a triggering event
 * cheap. Events of one millisecond from different threads keep no particular order among themselves.
 */
final class EventRing {
    /** Stripes per ring: twice the cores that can log at once (at most 8), few enough to keep memory small. */
    static final int STRIPES = Math.min(8, Integer.highestOneBit(Runtime.getRuntime().availableProcessors() * 4 - 1));
    private static final AtomicLong THREADS = new AtomicLong();
    /**
     * Each thread's stripe, handed out in turn, so that the first {@link #STRIPES} threads to log never
     * share one (thread ids, hashed, would collide by chance). Holds a JDK type only: nothing of this
     * library stays reachable from a pooled thread.
     */
    private static final ThreadLocal<Integer> STRIPE = ThreadLocal.withInitial(
            () -> (int) (THREADS.getAndIncrement() & (STRIPES - 1)));

    private record Slot(long sequence, ILoggingEvent event) {
    }

    /** One thread's share: its own counter and array, so writers on different stripes share no line. */
    private static final class Stripe {
        final AtomicReferenceArray<Slot> slots;
        final AtomicLong next = new AtomicLong();
        /** Sequences below this one were handed out by a drain already. */
        final AtomicLong drainedUpTo = new AtomicLong();
        /** Written to at least once: it counts among the stripes in use. */
        boolean used;
        /**
         * How many of its newest slots this stripe keeps: its share of twice the capacity among the
         * stripes in use, the whole array while it is one of two at most. Plain: a stale value keeps a
         * few slots more or less for a moment.
         */
        int window;

        Stripe(int size) {
            slots = new AtomicReferenceArray<>(size);
            window = size;
        }
    }

    private static final Comparator<ILoggingEvent> BY_TIME = Comparator.comparingLong(ILoggingEvent::getTimeStamp);

    private final int capacity;
    private final int mask;
    private final Stripe[] stripes;
    /** Stripes written to so far; guarded by {@code this}. */
    private int used;
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
        this.stripes = new Stripe[STRIPES];
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe(size);
        }
    }


    /**
     * Adds an event; never blocks. The ring holds at most twice its capacity of events, however many
     * stripes are in use: past two, each keeps its share of the newest and lets the older go, so that 64
     * keys on many cores cannot hold tens of thousands of events. One or two stripes (one or two logging
     * threads) keep their whole array, with no cost added.
     */
    public void add(ILoggingEvent event) {
        Stripe s = stripes[STRIPE.get()];
        if (!s.used) {
            use(s);
        }
        long seq = s.next.getAndIncrement();
        s.slots.lazySet((int) (seq & mask), new Slot(seq, event));
        int window = s.window;
        if (window <= mask) {
            // Let go of the slot that just left this stripe's window, unless another writer of the
            // stripe has put a newer one there already.
            int i = (int) ((seq - window) & mask);
            Slot old = s.slots.get(i);
            if (old != null && old.sequence == seq - window) {
                s.slots.compareAndSet(i, old, null);
            }
        }
        long ts = event.getTimeStamp();
        if (lastUsedMillis != ts) {
            lastUsedMillis = ts;
        }
    }

    /**
     * Counts a stripe in use, once, and gives every stripe its new share of twice the capacity. The
     * stripes in use let go of what lies beyond it now: a stripe whose thread has stopped logging to this
     * key would otherwise keep its older, larger share. At most {@link #STRIPES} times in a ring's life.
     */
    private synchronized void use(Stripe s) {
        if (s.used) {
            return;
        }
        s.used = true;
        used++;
        int share = (int) Math.min(mask + 1L, Math.max(1, (2L * capacity + used - 1) / used));
        for (Stripe t : stripes) {
            t.window = share;
            if (t.used && share <= mask) {
                long oldest = t.next.get() - share;
                for (int i = 0; i <= mask; i++) {
                    Slot slot = t.slots.get(i);
                    if (slot != null && slot.sequence < oldest) {
                        t.slots.compareAndSet(i, slot, null);
                    }
                }
            }
        }
    }

    /** The events the ring holds now, drained or not: for tests and measurements. */
    int held() {
        int n = 0;
        for (Stripe s : stripes) {
            for (int i = 0; i <= mask; i++) {
                n += s.slots.get(i) != null ? 1 : 0;
            }
        }
        return n;
    }

    /** The events added since the last drain, oldest first, at most the capacity of them. */
    public List<ILoggingEvent> drain() {
        return drainWith(null);
    }

    /**
     * As {@link #drain()}, with {@code last} (when not null) appended as the newest of at most
     * the capacity: a triggering event joins its own context without a trip through the ring,
     * which saves a slot and a claim on a counter. When the ring has nothing new, the result is empty
     * rather than {@code last} alone, which would cost an allocation in a burst of errors:
     * {@link Incident#context()} adds the event then, on the sender thread.
     */
    List<ILoggingEvent> drainWith(ILoggingEvent last) {
        // With last, the ring gives one event fewer: a buffer of N holds the trigger and N - 1 before it.
        int room = last == null ? capacity : capacity - 1;
        List<ILoggingEvent> events = null;
        boolean merged = false;
        for (Stripe s : stripes) {
            long end = s.next.get();
            if (s.drainedUpTo.get() >= end) {
                continue; // nothing new here: no write to this stripe's line
            }
            long previous = s.drainedUpTo.getAndAccumulate(end, Math::max);
            long start = Math.max(previous, end - room);
            if (start >= end) {
                continue;
            }
            if (events == null) {
                events = new ArrayList<>((int) (end - start) + 1);
            } else {
                merged = true;
            }
            for (long seq = start; seq < end; seq++) {
                int i = (int) (seq & mask);
                Slot slot = s.slots.get(i);
                if (slot != null && slot.sequence == seq) {
                    events.add(slot.event);
                    // Handed out: the ring no longer holds it (Logback's buffer is emptied on send too).
                    s.slots.compareAndSet(i, slot, null);
                }
            }
        }
        if (events == null) {
            return List.of();
        }
        if (merged) {
            // Each stripe's run is in order; a stable sort by time interleaves them.
            events.sort(BY_TIME);
            if (events.size() > room) {
                events = new ArrayList<>(events.subList(events.size() - room, events.size()));
            }
        }
        if (last != null) {
            events.add(last);
        }
        return events;
    }
}
