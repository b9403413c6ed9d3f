package io.github.mailback.alert;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.boolex.EventEvaluator;
import ch.qos.logback.core.sift.Discriminator;
import ch.qos.logback.core.spi.ContextAware;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Marker;

/**
 * Everything the logging thread does, and nothing more: file the event in the ring of recent events
 * of its discriminator key and, when the evaluator triggers, hand it with that context to the inbox.
 * The work is small and constant per event; it never waits on the network, on the sender, or on a
 * lock held for long.
 */
final class LoggingPath {
    /** The ring of events whose discriminator gives no key. */
    private static final String NO_KEY = "\u0000";
    /** Evaluator failures reported before going quiet (as Logback's appenders do). */
    private static final int MAX_EVALUATOR_ERRORS = 4;

    private final EventRing singleRing;
    private final RingTracker rings;
    private final Discriminator<ILoggingEvent> discriminator;
    private final EventEvaluator<ILoggingEvent> evaluator;
    private final boolean includeCallerData;
    private final Inbox inbox;
    private final AlertCounters counters;
    private final ContextAware status;
    private final Thread senderThread;
    /**
     * Triggering events between their check of {@code accepting} and their offer to the inbox.
     * Striped: every logging thread writes it in a flood. Reading its sum after {@code accepting}
     * turned false is exact, because volatile and atomic accesses are sequentially consistent.
     */
    private final LongAdder inFlight = new LongAdder();
    private final AtomicInteger evaluatorErrors = new AtomicInteger();
    private final AtomicBoolean senderEventReported = new AtomicBoolean();
    private volatile boolean accepting = true;
    /** One instant on both clocks, to turn an event's time stamp into nanoTime. */
    private final long originMillis = System.currentTimeMillis();
    private final long originNanos = System.nanoTime();

    /**
     * @param discriminator null when all events share one ring
     * @param evaluator null for Logback's default trigger, level ERROR and above
     */
    LoggingPath(int bufferSize, int maxKeys, Discriminator<ILoggingEvent> discriminator,
            EventEvaluator<ILoggingEvent> evaluator, boolean includeCallerData, Inbox inbox, AlertCounters counters,
            ContextAware status, Thread senderThread) {
        this.singleRing = discriminator == null ? new EventRing(bufferSize) : null;
        this.rings = discriminator == null ? null : new RingTracker(bufferSize, maxKeys);
        this.discriminator = discriminator;
        this.evaluator = evaluator;
        this.includeCallerData = includeCallerData;
        this.inbox = inbox;
        this.counters = counters;
        this.status = status;
        this.senderThread = senderThread;
    }

    void append(ILoggingEvent event) {
        if (!accepting) {
            return;
        }
        if (Thread.currentThread() == senderThread) {
            ignoreSendersOwn(event);
            return;
        }
        // The sender formats events later, on its own thread: freeze what is thread-bound now.
        event.prepareForDeferredProcessing();
        if (includeCallerData) {
            event.getCallerData();
        }
        String key = singleRing != null ? null : key(event);
        EventRing ring = singleRing != null ? singleRing : rings.ring(key);
        if (isTriggering(event)) {
            handOver(event, ring);
        } else {
            ring.add(event);
        }
        if (marksEndOfSession(event)) {
            endSession(ring, key);
        }
    }

    /** The event's discriminator key; no key is a key of its own, never a reason to drop the event. */
    private String key(ILoggingEvent event) {
        String key = discriminator.getDiscriminatingValue(event);
        return key != null ? key : NO_KEY;
    }

    /**
     * Stops taking events, then lets a logging thread that saw {@code accepting} still true finish
     * its offer (until {@code deadline}, nanoTime), so that every counted event is in the inbox
     * before the final flush reads it.
     */
    void close(long deadline) {
        accepting = false;
        while (inFlight.sum() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    /**
     * An event logged while the sender composes or sends (by a layout or evaluator that logs): mailing
     * it would make another one, forever. Counted, and reported once.
     */
    private void ignoreSendersOwn(ILoggingEvent event) {
        counters.loggedBySender();
        if (senderEventReported.compareAndSet(false, true)) {
            status.addWarn("An event of logger " + event.getLoggerName() + " was logged on the sender thread, by a "
                    + "component that runs while an email is composed or sent (a layout, say): it is not mailed, "
                    + "and neither are the later ones (see senderThreadEvents)");
        }
    }

    /** Counts a triggering event and gives it, with its context, to the sender. */
    private void handOver(ILoggingEvent event, EventRing ring) {
        inFlight.increment();
        try {
            if (!accepting) {
                return; // stop() began: the final flush may have read the inbox already
            }
            counters.triggered();
            if (inbox.hasRoom()) {
                inbox.offer(new Incident(event, ring.drainWith(event), nanosOf(event)));
            } else {
                // In a flood the inbox is full: count the event into its group without taking the
                // ring's context with it, and leave it as context for the next incident that finds room.
                ring.add(event);
                inbox.spill(event, nanosOf(event));
            }
        } finally {
            inFlight.decrement();
        }
    }

    /**
     * When the event was logged, on the {@code System.nanoTime()} scale the engine runs on, worked out
     * from the event's own time stamp: a call to nanoTime was a sixth of the hand-over's cost. Precise
     * to the millisecond, which is plenty for a batch window; should the wall clock step forward, the
     * engine brings a time from the future back to its present.
     */
    private long nanosOf(ILoggingEvent event) {
        return originNanos + (event.getTimeStamp() - originMillis) * 1_000_000L;
    }

    private boolean isTriggering(ILoggingEvent event) {
        EventEvaluator<ILoggingEvent> e = evaluator;
        if (e == null) {
            return event.getLevel().isGreaterOrEqual(Level.ERROR);
        }
        try {
            return e.evaluate(event);
        } catch (Exception ex) {
            if (evaluatorErrors.incrementAndGet() <= MAX_EVALUATOR_ERRORS) {
                status.addError("The evaluator " + e.getName() + " failed on an event", ex);
            }
            return false;
        }
    }

    /** As in Logback: an event with the FINALIZE_SESSION marker ends its key's buffer. */
    private static boolean marksEndOfSession(ILoggingEvent event) {
        List<Marker> markers = event.getMarkerList();
        if (markers == null) {
            return false;
        }
        for (Marker m : markers) {
            if (m.contains(ClassicConstants.FINALIZE_SESSION_MARKER)) {
                return true;
            }
        }
        return false;
    }

    private void endSession(EventRing ring, String key) {
        if (rings != null) {
            rings.remove(key);
        } else {
            ring.drain();
        }
    }
}
