package io.github.mailback.alert;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.mailback.config.AppFrames;
import io.github.mailback.report.GroupReport;
import io.github.mailback.smtp.SendResult;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The sender's brain, run by one thread and so free of locks: takes incidents from the inbox into
 * the {@link Digest}, decides with the {@link RepeatPolicy} and the global {@link TokenBucket} when
 * an email is due, composes and sends it, retries transient failures with exponential back-off for
 * at most {@code retryFor}, sends an email again to the recipients who refused it for now (4xx, as
 * greylisting does) while others took it, and on shutdown sends everything pending as one final digest
 * per route.
 *
 * <p>Time comes from an injected clock (nanoseconds), so tests drive it step by step.
 */
final class AlertEngine {

    /**
     * How long the sender waits after the server refused a fresh OAuth 2.0 token (a second 535 in a
     * row) before it asks for a token and authenticates again: a tenant being set up, or permissions
     * propagating, take minutes, and each try costs a token request and two AUTH commands.
     */
    static final long TOKEN_REFUSED_HOLD_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(5);

    /** Outcome of one send attempt. */
    enum Attempt { SENT, TRANSIENT, PERMANENT }

    /** Waits between attempts during the final flush; tests advance their clock instead. */
    @FunctionalInterface
    public interface Pause {
        /** Waits about {@code nanos}; returns false when interrupted (stop waiting). */
        boolean pause(long nanos);
    }

    private final Inbox inbox;
    private final Digest digest;
    private final TokenBucket bucket;
    private final Function<ILoggingEvent, List<String>> router;
    private final Digest.Examples examples;
    private final EmailComposer composer;
    private final AppFrames frames;
    private final Transport transport;
    private final StatusReporter status;
    private final AlertCounters counters;
    private final LongSupplier clock;
    private final RetryPolicy retryPolicy;

    /** A route whose last attempt failed for now: when it began failing, how often, when to try again. */
    private static final class Retry {
        final long since;
        int attempts;
        long at;

        Retry(long since) {
            this.since = since;
        }
    }

    private final Resends resends;
    /** After a refused OAuth 2.0 token, no attempt before this (nanoTime); see {@link #TOKEN_REFUSED_HOLD_NANOS}. */
    private long holdUntil;
    private Route lastRoute;
    /** Set when the JVM is exiting: what is pending goes at once, without batching or the rate limit. */
    private boolean hurry;
    private long overflowAbsorbed;
    /** The last fingerprint worked out, and the event it came from (see {@link #fingerprint}). */
    private ILoggingEvent fingerprinted;
    private String lastFingerprint;
    /**
     * Per route: a 4xx for one team's mailbox must not hold back another team's alerts. When the
     * server itself is down, every route fails and backs off on its own, which costs one failed
     * connection per route and back-off step: routes are few.
     */
    private final Map<Route, Retry> retries = new HashMap<>();

    public AlertEngine(Inbox inbox, Digest digest, TokenBucket bucket, Function<ILoggingEvent, List<String>> router,
            Snapshots snapshots, EmailComposer composer, AppFrames frames, Transport transport, StatusReporter status,
            AlertCounters counters, LongSupplier clock, RetryPolicy retryPolicy) {
        this.inbox = inbox;
        this.digest = digest;
        this.bucket = bucket;
        this.router = router;
        this.examples = snapshots::example;
        this.composer = composer;
        this.frames = frames;
        this.transport = transport;
        this.status = status;
        this.counters = counters;
        this.clock = clock;
        this.retryPolicy = retryPolicy;
        this.resends = new Resends(transport, status, counters, clock, retryPolicy);
    }

    /** True when some events wait for an email. */
    public boolean hasPending() {
        return digest.pendingEvents() > 0;
    }

    /**
     * Takes in what arrived and sends what is due. Returns the nanoTime at which to call again
     * ({@code Long.MAX_VALUE} when nothing is pending: wait for the next incident).
     */
    public long step() {
        drain();
        long wake = resends.resend(false, Long.MAX_VALUE);
        long now = clock.getAsLong();
        for (Route route : digest.pendingRoutes()) {
            if (!hurry && holdUntil - now > 0) {
                wake = Math.min(wake, holdUntil); // a refused token: nothing goes out before then
                continue;
            }
            Retry retry = retries.get(route);
            if (retry != null) {
                if (now < retry.at) {
                    wake = Math.min(wake, retry.at);
                    continue;
                }
                counters.retries.incrementAndGet();
            } else {
                long due = digest.dueAt(route);
                if (due > now && !hurry) {
                    wake = Math.min(wake, due);
                    continue;
                }
                if (!hurry && !bucket.tryTake(now)) {
                    counters.rateLimited.incrementAndGet();
                    wake = Math.min(wake, bucket.nextTokenAt(now));
                    continue;
                }
            }
            List<GroupReport> reports = digest.reports(route, now);
            long unkept = digest.unkept(route);
            Attempt outcome = attempt(route, reports, unkept, Long.MAX_VALUE);
            now = clock.getAsLong();
            if (outcome != Attempt.TRANSIENT) {
                retries.remove(route);
                continue;
            }
            if (retry == null) {
                retry = new Retry(now);
                retries.put(route, retry);
            }
            retry.attempts++;
            if (now - retry.since >= retryPolicy.retryFor()) {
                retries.remove(route);
                long dropped = giveUp(route, reports, unkept);
                status.error("Gave up mailing " + dropped + " error event(s) after retrying for "
                        + seconds(now - retry.since) + "; see the previous status messages for the cause");
            } else {
                retry.at = now + retryPolicy.backoff(retry.attempts);
                wake = Math.min(wake, retry.at);
            }
        }
        counters.eventsHeld.set(digest.pendingEvents());
        return wake;
    }

    /**
     * From now on sends what is pending at the next step, and what arrives later as soon as it
     * arrives, ignoring batching and the rate limit (retries keep their back-off): the JVM is exiting,
     * and other shutdown hooks may still log errors while this appender keeps running.
     */
    public void hurry() {
        hurry = true;
    }

    /** The end of a flush kept for counting what is left: at most this, and a tenth of the time. */
    private static final long FLUSH_MARGIN_NANOS = 100_000_000L;

    /**
     * Sends everything pending, one email per route, ignoring batching, back-off and the rate limit,
     * retrying transient failures until {@code deadline} (nanoTime). What is still unsent then is
     * counted as lost.
     */
    public void flush(long deadline, Pause pause) {
        // End a little early: whoever stops waits until the deadline, and by then what is left must be
        // counted. (A back-off that would end past this point is not waited for either.)
        long end = deadline - Math.min(FLUSH_MARGIN_NANOS, Math.max(0, deadline - clock.getAsLong()) / 10);
        drain();
        // The routes in turn at each back-off step: a dead route must not spend the time a live one needs.
        Map<Route, Retry> backoff = new HashMap<>();
        while (clock.getAsLong() < end) {
            long wake = Long.MAX_VALUE;
            boolean tried = false;
            for (Route route : digest.pendingRoutes()) {
                long now = clock.getAsLong();
                if (now >= end) {
                    break;
                }
                Retry retry = backoff.get(route);
                if (retry != null && now < retry.at) {
                    wake = Math.min(wake, retry.at);
                    continue;
                }
                if (retry != null) {
                    counters.retries.incrementAndGet();
                }
                tried = true;
                Attempt outcome = attempt(route, digest.reports(route, Long.MAX_VALUE), digest.unkept(route), end - now);
                if (outcome != Attempt.TRANSIENT) {
                    backoff.remove(route);
                    continue;
                }
                if (retry == null) {
                    retry = new Retry(now);
                    backoff.put(route, retry);
                }
                retry.at = clock.getAsLong() + retryPolicy.backoff(++retry.attempts);
                wake = Math.min(wake, retry.at);
            }
            if (wake == Long.MAX_VALUE) {
                if (!tried) {
                    break; // nothing pending
                }
                continue; // sent, and what a drain brought waits for no back-off
            }
            long now = clock.getAsLong();
            if (wake >= end || wake > now && !pause.pause(wake - now)) {
                break;
            }
            drain();
        }
        resends.resend(true, end);
        resends.abandon();
        long left = digest.pendingEvents();
        if (left > 0) {
            counters.eventsLost.addAndGet(left);
            status.error(left + " error event(s) were not mailed before the shutdown timeout expired");
        }
        counters.eventsHeld.set(0);
    }

    /**
     * Moves what the inbox holds into the digest. Bounded to one inbox-full per call: logging threads
     * that produce as fast as this consumes must not keep the sender from ever sending.
     */
    private void drain() {
        Incident incident;
        int budget = inbox.capacity();
        long now = clock.getAsLong();
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
     * The sender thread ends on an error of the JVM: what is pending can no longer be mailed, and is
     * counted as lost at once. Returns how many events that is.
     */
    long abandon() {
        long lost = digest.pendingEvents();
        counters.eventsLost.addAndGet(lost);
        counters.eventsHeld.set(0);
        return lost;
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
    private Route route(ILoggingEvent event, long count) {
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

    private Attempt attempt(Route route, List<GroupReport> reports, long unkept, long budget) {
        AlertEmail email;
        try {
            email = composer.compose(route, reports, unkept);
        } catch (Throwable e) {
            // Out of memory included: a digest too big to build is dropped, and the sender carries on.
            Verdict.rethrowIfFatal(e);
            long dropped = giveUp(route, reports, unkept);
            status.error("Cannot compose the email for " + dropped + " error event(s): " + e, e);
            return Attempt.PERMANENT;
        }
        SendResult result;
        try {
            result = transport.send(email, null, budget);
        } catch (Throwable e) {
            Verdict.rethrowIfFatal(e);
            counters.sendFailures.incrementAndGet();
            String why = Verdict.describe(e);
            failed(why);
            switch (Verdict.of(e)) {
                case UNKNOWN -> {
                    // The server may have the mail already; sending again could deliver it twice.
                    long n = digest.markMailed(route, reports, clock.getAsLong(), email.messageId());
                    digest.clearUnkept(route, unkept);
                    counters.eventsUncertain.addAndGet(n + unkept);
                    status.warn("The connection dropped after an email reporting " + email.events()
                            + " error event(s) was sent; it may or may not have arrived (not sent again): " + why);
                    failed("it may or may not have arrived: " + why);
                    return Attempt.SENT;
                }
                case TRANSIENT -> {
                    if (Verdict.tokenRefused(e)) {
                        holdUntil = clock.getAsLong() + TOKEN_REFUSED_HOLD_NANOS;
                        status.warn("Could not mail " + email.events() + " error event(s), will retry in "
                                + seconds(TOKEN_REFUSED_HOLD_NANOS) + ": " + why);
                    } else {
                        status.warn("Could not mail " + email.events() + " error event(s), will retry: " + why);
                    }
                    return Attempt.TRANSIENT;
                }
                default -> {
                    long dropped = giveUp(route, reports, unkept);
                    // Not always the server's refusal: a token endpoint that refuses the grant ends here too.
                    status.error("Could not mail " + dropped + " error event(s), not retried: " + why,
                            e instanceof IOException ? null : e);
                    return Attempt.PERMANENT;
                }
            }
        }
        sent(route, reports, unkept, email);
        counters.lastSend = new Outcome(System.currentTimeMillis(), true, "accepted by " + result.server() + ": "
                + result.dataReply());
        if (result.skipped() != null) {
            status.warn("Mailed through " + result.server() + " after " + result.skipped());
        }
        if (!result.refused().isEmpty()) {
            resends.refused(email, result);
        }
        return Attempt.SENT;
    }

    /** Records the last send's failure, for health checks. */
    private void failed(String why) {
        counters.lastSend = new Outcome(System.currentTimeMillis(), false, why);
    }

    private void sent(Route route, List<GroupReport> reports, long unkept, AlertEmail email) {
        long n = digest.markMailed(route, reports, clock.getAsLong(), email.messageId());
        digest.clearUnkept(route, unkept);
        counters.emailsSent.incrementAndGet();
        counters.eventsReported.addAndGet(n + unkept);
        counters.eventsSuppressed.addAndGet(Math.max(0, n + unkept - reports.size()));
        counters.eventsHeld.set(digest.pendingEvents());
    }

    private long giveUp(Route route, List<GroupReport> reports, long unkept) {
        long n = digest.dropReported(route, reports);
        digest.clearUnkept(route, unkept);
        counters.eventsFailed.addAndGet(n + unkept);
        counters.eventsHeld.set(digest.pendingEvents());
        return n + unkept;
    }

    static String seconds(long nanos) {
        return (nanos / 1_000_000_000L) + " s";
    }
}
