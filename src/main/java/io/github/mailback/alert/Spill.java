package io.github.mailback.alert;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import io.github.mailback.internal.Throwables;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where triggering events go when the inbox is full (the sender is busy sending while a flood goes
 * on): grouped, each group keeping its first incident and a count, so that a different error in the
 * middle of a flood, or the fatal error logged just before exit, is still mailed by name. At most
 * {@link #MAX_GROUPS} groups; past that, events are only counted.
 *
 * <p>This runs on logging threads in a flood, so groups are keyed by what is cheap to read: logger,
 * message template and root cause class. The sender computes the real {@link Fingerprint} of each
 * group's first event; two statements with one fingerprint then merge in the digest, and one statement
 * whose failures differ only in their application frames counts under its first event's fingerprint.
 *
 * <p>Logging threads add; the sender takes. A count is sealed when the sender takes its group (set to
 * {@link #SEALED}), and a logging thread that finds it sealed starts a new group: no event is counted
 * twice or lost between the two.
 */
final class Spill {
    static final int MAX_GROUPS = 64;
    private static final long SEALED = -1;

    /** One group of spilled events: the first one in full, the latest one's time, and how many there are. */
    static final class Spilled {
        final Key key;
        final Incident first;
        final AtomicLong count = new AtomicLong();
        /**
         * The latest time stamp counted (ms). Written before the count, so the sender, which seals the
         * count before it reads this, sees the time of every event it takes; written only when it
         * grows, which in a flood is once a millisecond rather than once an event.
         */
        volatile long lastMillis;

        Spilled(Key key, Incident first) {
            this.key = key;
            this.first = first;
            this.lastMillis = first.event().getTimeStamp();
        }
    }

    /** Receives what the sender takes, one group at a time. */
    interface Taker {
        /** {@code lastMillis}: the time stamp of the group's latest event. */
        void group(Incident first, long lastMillis, long count);
    }

    /** What groups spilled events: cheap to build and compare on a logging thread. */
    private record Key(String logger, String template, String rootCause) {
        static Key of(ILoggingEvent event) {
            IThrowableProxy t = event.getThrowableProxy();
            // The fingerprint's own walk, so that a deep chain has one root cause here and in the digest.
            return new Key(event.getLoggerName(), event.getMessage(),
                    t == null ? null : Throwables.rootCause(t).getClassName());
        }

        /**
         * Whether this is the event's key, by identity of its strings, as one logging statement gives
         * them: no key built, no hash. False may still mean an equal key.
         */
        boolean isOf(ILoggingEvent event) {
            IThrowableProxy t = event.getThrowableProxy();
            return event.getLoggerName() == logger && event.getMessage() == template
                    && (t == null ? rootCause == null : Throwables.rootCause(t).getClassName() == rootCause);
        }
    }

    private final ConcurrentHashMap<Key, Spilled> groups = new ConcurrentHashMap<>();
    private final LongAdder ungrouped = new LongAdder();
    /**
     * The group counted into last. A flood repeats one statement, whose strings are the same objects
     * every time: comparing them skips building a key and looking it up.
     */
    private volatile Spilled recent;

    /**
     * Counts a triggering event, logged at {@code loggedNanos}, that found the inbox full. Called by
     * logging threads; never blocks for long, and allocates only for a new group.
     */
    void add(ILoggingEvent event, long loggedNanos) {
        add(event, loggedNanos, null);
    }

    /** As {@link #add(ILoggingEvent, long)}, for an incident built already: a new group keeps it, context and all. */
    void add(Incident incident) {
        add(incident.event(), incident.loggedNanos(), incident);
    }

    private void add(ILoggingEvent event, long loggedNanos, Incident made) {
        Spilled r = recent;
        if (r != null && r.key.isOf(event) && countInto(r, event)) {
            return;
        }
        Key key = Key.of(event);
        while (true) {
            Spilled s = groups.get(key);
            if (s == null) {
                if (groups.size() >= MAX_GROUPS) {
                    ungrouped.increment();
                    return;
                }
                Spilled fresh = new Spilled(key, made != null ? made : new Incident(event, List.of(), loggedNanos));
                fresh.count.set(1);
                if (groups.putIfAbsent(key, fresh) == null) {
                    recent = fresh;
                    return;
                }
                continue; // another thread made the group first: count into it
            }
            if (countInto(s, event)) {
                recent = s;
                return;
            }
            groups.remove(key, s); // the sender took it; make a new one
        }
    }

    /** Counts the event into the group; false when the sender has taken the group already. */
    private static boolean countInto(Spilled s, ILoggingEvent event) {
        long millis = event.getTimeStamp();
        if (millis > s.lastMillis) {
            // Two threads at once may leave the older of their two time stamps, and a group the sender
            // has just sealed may get the time of an event counted in the next one: the last-seen time
            // is shown, not counted with, so a plain check is enough.
            s.lastMillis = millis;
        }
        while (true) {
            long c = s.count.get();
            if (c == SEALED) {
                return false;
            }
            if (s.count.compareAndSet(c, c + 1)) {
                return true;
            }
        }
    }

    /** Hands every group to {@code taker} and empties the spill. Sender only. */
    void takeAll(Taker taker) {
        for (Iterator<Map.Entry<Key, Spilled>> it = groups.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Key, Spilled> e = it.next();
            Spilled s = e.getValue();
            long count = s.count.getAndSet(SEALED);
            groups.remove(e.getKey(), s);
            if (count > 0) {
                taker.group(s.first, s.lastMillis, count);
            }
        }
    }

    /** Events kept in no group since the start (monotonic). */
    long ungroupedCount() {
        return ungrouped.sum();
    }
}
