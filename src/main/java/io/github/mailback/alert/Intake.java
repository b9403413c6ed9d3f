package io.github.mailback.alert;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.mailback.config.AppFrames;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The sender's intake: moves what the inbox and its spill hold into the {@link Digest}, each event
 * routed to its recipients, fingerprinted, and the first of a group's batch made into its example.
 * Run by the sender thread only.
 */
final class Intake {
    private final Inbox inbox;
    private final Digest digest;
    private final Function<ILoggingEvent, List<String>> router;
    private final Digest.Examples examples;
    private final AppFrames frames;
    private final StatusReporter status;
    private final AlertCounters counters;
    private final LongSupplier clock;
    private Route lastRoute;
    private long overflowAbsorbed;
    /** The last fingerprint worked out, and the event it came from (see {@link #fingerprint}). */
    private ILoggingEvent fingerprinted;
    private String lastFingerprint;

    Intake(Inbox inbox, Digest digest, Function<ILoggingEvent, List<String>> router, Digest.Examples examples,
            AppFrames frames, StatusReporter status, AlertCounters counters, LongSupplier clock) {
        this.inbox = inbox;
        this.digest = digest;
        this.router = router;
        this.examples = examples;
        this.frames = frames;
        this.status = status;
        this.counters = counters;
        this.clock = clock;
    }

    /**
     * Moves what the inbox holds into the digest. Bounded to one inbox-full per call: logging threads
     * that produce as fast as this consumes must not keep the sender from ever sending. Returns whether
     * anything came.
     */
    boolean drain() {
        Incident incident;
        int budget = inbox.capacity();
        long now = clock.getAsLong();
        long before = digest.pendingEvents();
        long failedBefore = counters.eventsFailed.get();
        while (budget-- > 0 && (incident = inbox.poll()) != null) {
            Route route = route(incident.event(), 1);
            if (route != null) {
                Incident i = notAfter(incident, now);
                keep(i, i.loggedNanos(), i.event().getTimeStamp(), 1, route);
            }
        }
        // What found the inbox full keeps its group: a new error amid a flood is still mailed by name.
        inbox.takeSpilled((first, lastMillis, count) -> {
            Route route = route(first.event(), count);
            if (route != null) {
                // On the scale the logging thread put the first one on (see LoggingPath.nanosOf).
                long lastNanos = first.loggedNanos() + (lastMillis - first.event().getTimeStamp()) * 1_000_000L;
                keep(notAfter(first, now), Math.min(lastNanos, now), lastMillis, count, route);
            }
        });
        // Events kept in no group are only a number: it joins the latest route's email, which learns
        // how many there were and nothing else of them.
        long ungrouped = inbox.ungroupedOverflowCount();
        long fresh = ungrouped - overflowAbsorbed;
        if (fresh > 0) {
            overflowAbsorbed = ungrouped;
            if (lastRoute != null) {
                digest.addUnkept(lastRoute, fresh, clock.getAsLong());
            } else {
                // No event has had recipients yet, so these have none to join.
                counters.eventsFailed.addAndGet(fresh);
                status.error(fresh + " error event(s) that found the inbox full and fitted in no group not mailed: "
                        + "no error event so far had recipients");
            }
        }
        counters.inboxOverflow.set(inbox.overflowCount());
        counters.eventsHeld.set(digest.pendingEvents());
        return digest.pendingEvents() != before || counters.eventsFailed.get() != failedBefore;
    }

    /**
     * Counts {@code count} events like {@code first} into their group. An event whose example cannot be
     * made (a layout that throws on it) is counted as failed, so that it cannot throw at every step.
     */
    private void keep(Incident first, long lastNanos, long lastMillis, long count, Route route) {
        try {
            digest.add(first, lastNanos, lastMillis, count, route, fingerprint(first), examples);
        } catch (Throwable e) {
            // A StackOverflowError from a layout's %replace on a deep stack trace, a NoClassDefFoundError
            // from its dependency: this event is given up, the next one is taken.
            Verdict.rethrowIfFatal(e);
            counters.eventsFailed.addAndGet(count);
            status.error("Cannot format " + count + " error event(s) of logger " + first.event().getLoggerName()
                    + " for an email: " + e, e);
        }
    }

    /**
     * The incident's fingerprint. A flood repeats one error, so when the event matches the last one
     * fingerprinted in all that a fingerprint reads ({@link Fingerprint#sameInput}), its fingerprint is
     * reused: comparing costs less than building the string, and the digest's lookup finds that
     * string's hash already computed.
     */
    private String fingerprint(Incident incident) {
        ILoggingEvent event = incident.event();
        try {
            if (fingerprinted == null || !Fingerprint.sameInput(fingerprinted, event)) {
                lastFingerprint = Fingerprint.of(event, frames);
                fingerprinted = event;
            }
            return lastFingerprint;
        } catch (RuntimeException e) {
            fingerprinted = null;
            return "?" + event.getLoggerName();
        }
    }

    /**
     * The incident, its time brought back to {@code now} when it lies in the future: logging threads
     * work it out from the event's time stamp, which a forward step of the wall clock moves ahead.
     */
    private static Incident notAfter(Incident incident, long now) {
        return incident.loggedNanos() <= now ? incident : new Incident(incident.event(), incident.context(), now);
    }

    /**
     * The recipients of {@code count} events like this one, or null when they have none: then they
     * are counted as failed. They are never mailed to another event's recipients.
     */
    Route route(ILoggingEvent event, long count) {
        String why;
        try {
            List<String> to = router.apply(event);
            if (to != null && !to.isEmpty()) {
                Route r = lastRoute != null && lastRoute.to().equals(to) ? lastRoute : new Route(to);
                lastRoute = r;
                return r;
            }
            why = "the to patterns gave no valid address";
        } catch (RuntimeException e) {
            why = "the to patterns failed: " + e;
        }
        counters.eventsFailed.addAndGet(count);
        status.error(count + " error event(s) of logger " + event.getLoggerName() + " not mailed: " + why);
        return null;
    }
}
