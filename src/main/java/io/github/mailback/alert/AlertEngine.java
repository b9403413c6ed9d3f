package io.github.mailback.alert;

import io.github.mailback.report.GroupReport;
import io.github.mailback.smtp.SendResult;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The sender's brain, run by one thread and so free of locks: takes incidents in through its
 * {@link Intake}, decides with the {@link RepeatPolicy} and the global {@link TokenBucket} when an email
 * is due, composes it and hands it to the {@link Mailer}, retries transient failures with exponential
 * back-off for at most {@code retryFor}, sends an email again through {@link Resends} (to recipients
 * who refused it for now, or after a connection broke at its end), and on shutdown sends everything
 * pending as one final digest per route.
 *
 * <p>It never waits on the network: the mailer sends one email at a time on its own thread, and the
 * engine finishes it at a later step, taking in what arrived meanwhile. Time comes from an injected
 * clock (nanoseconds), so tests drive it step by step, with a mailer that sends at once.
 */
final class AlertEngine {
    /**
     * How long the sender waits after the server refused a fresh OAuth 2.0 token (a second 535 in a
     * row) before it asks for a token and authenticates again: a tenant being set up, or permissions
     * propagating, take minutes, and each try costs a token request and two AUTH commands.
     */
    static final long TOKEN_REFUSED_HOLD_NANOS = TimeUnit.MINUTES.toNanos(5);
    /** The end of a flush kept for counting what is left: at most this, and a tenth of the time. */
    private static final long FLUSH_MARGIN_NANOS = 100_000_000L;

    /** Waits between attempts during the final flush; tests advance their clock instead. */
    @FunctionalInterface
    public interface Pause {
        /** Waits about {@code nanos}; returns false when interrupted (stop waiting). */
        boolean pause(long nanos);
    }

    /** A route whose last attempt failed for now: when it began failing, how often, when to try again. */
    static final class Retry {
        final long since;
        int attempts;
        long at;

        Retry(long since) {
            this.since = since;
        }
    }

    private final Intake intake;
    private final Digest digest;
    private final TokenBucket bucket;
    private final EmailComposer composer;
    private final Mailer mailer;
    private final Resends resends;
    private final StatusReporter status;
    private final AlertCounters counters;
    private final LongSupplier clock;
    private final RetryPolicy retryPolicy;
    /**
     * Per route: a 4xx for one team's mailbox must not hold back another team's alerts. When the
     * server itself is down, every route fails and backs off on its own, which costs one failed
     * connection per route and back-off step: routes are few.
     */
    private final Map<Route, Retry> retries = new HashMap<>();
    /** The email the mailer is sending, or null. */
    private Send inFlight;
    /** After a refused OAuth 2.0 token, no attempt before this (nanoTime); see {@link #TOKEN_REFUSED_HOLD_NANOS}. */
    private long holdUntil;
    /** Set when the JVM is exiting: what is pending goes at once, without batching or the rate limit. */
    private boolean hurry;
    /** Where the state is kept across a crash, or null without a spool. */
    private Persistence persistence;

    AlertEngine(Intake intake, Digest digest, TokenBucket bucket, EmailComposer composer, Mailer mailer,
            StatusReporter status, AlertCounters counters, LongSupplier clock, RetryPolicy retryPolicy) {
        this.intake = intake;
        this.digest = digest;
        this.bucket = bucket;
        this.composer = composer;
        this.mailer = mailer;
        this.status = status;
        this.counters = counters;
        this.clock = clock;
        this.retryPolicy = retryPolicy;
        this.resends = new Resends(status, counters, clock, retryPolicy);
    }

    // ---- for the spool (Persistence), on the sender thread

    /** Keeps the state in a spool from now on; before the first step. */
    void persist(Persistence p) {
        this.persistence = p;
    }

    /** True when a stop keeps the repeats not yet due for the next run, in the spool, rather than mail them. */
    private boolean keepsRepeats() {
        return persistence != null && persistence.active();
    }

    Map<Route, Retry> retries() {
        return retries;
    }

    /** A retry the spool kept: failing since {@code since} (nanoTime), tried {@code attempts} times; due now. */
    void restoreRetry(Route route, long since, int attempts) {
        Retry r = retries.computeIfAbsent(route, k -> new Retry(since));
        r.attempts = Math.max(r.attempts, attempts);
        r.at = clock.getAsLong();
    }

    Send inFlight() {
        return inFlight;
    }

    long holdUntil() {
        return holdUntil;
    }

    void hold(long until) {
        holdUntil = until;
    }

    TokenBucket bucket() {
        return bucket;
    }

    Resends resends() {
        return resends;
    }

    boolean hurried() {
        return hurry;
    }

    /** True when some events wait for an email, or one is being sent. */
    public boolean hasPending() {
        return digest.pendingEvents() > 0 || inFlight != null;
    }

    /**
     * Finishes the email the mailer sent, takes in what arrived, and starts what is due while the mailer
     * is free. Returns the nanoTime at which to call again ({@code Long.MAX_VALUE} when nothing is
     * pending: wait for the next incident, or for the mailer, which wakes the sender when done).
     */
    public long step() {
        finish(false);
        if (intake.drain() && persistence != null) {
            persistence.changed();
        }
        long now = clock.getAsLong();
        Resends.Resend again;
        while (inFlight == null && (again = resends.due(now, false, Long.MAX_VALUE)) != null) {
            launch(Send.resend(again, Long.MAX_VALUE), false);
            now = clock.getAsLong();
        }
        for (Route route : digest.pendingRoutes()) {
            if (inFlight != null) {
                break;
            }
            if (!hurry && holdUntil - now > 0) {
                break; // a refused token: nothing goes out before then
            }
            // With a spool, an exiting JVM mails only groups never mailed: the rest waits for its repeat.
            boolean hurried = hurry && (!keepsRepeats() || digest.hasNew(route));
            Retry retry = retries.get(route);
            if (retry != null) {
                if (now < retry.at) {
                    continue;
                }
                counters.retries.incrementAndGet();
            } else {
                if (digest.dueAt(route) > now && !hurried) {
                    continue;
                }
                if (!hurried && !bucket.tryTake(now)) {
                    counters.rateLimited.incrementAndGet();
                    continue;
                }
            }
            List<GroupReport> reports = digest.reports(route, now);
            if (hurried && keepsRepeats() && digest.dueAt(route) > now) {
                reports = neverMailed(reports);
            }
            launchDigest(route, reports, Long.MAX_VALUE, false);
            now = clock.getAsLong();
        }
        counters.eventsHeld.set(digest.pendingEvents());
        counters.eventsKeepable.set(keepsRepeats() ? digest.pendingRepeats() : 0);
        if (persistence != null) {
            persistence.checkpoint(false);
        }
        return inFlight != null ? Long.MAX_VALUE : nextWake(now);
    }

    private static List<GroupReport> neverMailed(List<GroupReport> reports) {
        List<GroupReport> fresh = new java.util.ArrayList<>();
        for (GroupReport r : reports) {
            if (r.firstMail()) {
                fresh.add(r);
            }
        }
        return fresh;
    }

    /** When something may be due next: a group, a retry, a resend, a token, the end of a hold. */
    private long nextWake(long now) {
        long wake = resends.nextAt();
        for (Route route : digest.pendingRoutes()) {
            Retry retry = retries.get(route);
            if (retry != null) {
                wake = Math.min(wake, retry.at);
            } else {
                long due = digest.dueAt(route);
                wake = Math.min(wake, due <= now ? bucket.nextTokenAt(now) : due);
            }
        }
        if (wake != Long.MAX_VALUE && holdUntil - now > 0) {
            wake = Math.max(wake, holdUntil);
        }
        return wake;
    }

    /**
     * From now on sends what is pending at the next step, and what arrives later as soon as it
     * arrives, ignoring batching and the rate limit (retries keep their back-off): the JVM is exiting,
     * and other shutdown hooks may still log errors while this appender keeps running.
     */
    public void hurry() {
        hurry = true;
        if (persistence != null) {
            persistence.exiting(); // a run that exits through its hooks stops cleanly
        }
    }

    /**
     * Sends everything pending, one email per route, ignoring batching, back-off and the rate limit,
     * retrying transient failures until {@code deadline} (nanoTime), the routes in turn at each back-off
     * step: a dead route must not spend the time a live one needs. What is still unsent then is counted
     * as lost.
     */
    public void flush(long deadline, Pause pause) {
        // End a little early: whoever stops waits until the deadline, and by then what is left must be
        // counted. (A back-off that would end past this point is not waited for either.)
        long end = deadline - Math.min(FLUSH_MARGIN_NANOS, Math.max(0, deadline - clock.getAsLong()) / 10);
        if (inFlight != null && mailer.await(inFlight, end)) {
            finish(true);
        }
        intake.drain();
        Map<Route, Retry> backoff = new HashMap<>();
        Deque<Route> turns = new ArrayDeque<>(digest.pendingRoutes());
        while (inFlight == null && clock.getAsLong() < end) {
            Route route = turns.poll();
            if (route == null) {
                // A round is over: wait for the earliest back-off, take in what came, and go again.
                long wake = Long.MAX_VALUE;
                for (Route r : digest.pendingRoutes()) {
                    if (keepsRepeats() && !digest.hasNew(r)) {
                        continue;
                    }
                    Retry retry = backoff.get(r);
                    wake = Math.min(wake, retry == null ? clock.getAsLong() : retry.at);
                }
                long now = clock.getAsLong();
                if (wake == Long.MAX_VALUE || wake >= end || wake > now && !pause.pause(wake - now)) {
                    break;
                }
                intake.drain();
                turns.addAll(digest.pendingRoutes());
                continue;
            }
            Retry retry = backoff.get(route);
            List<GroupReport> reports = digest.reports(route, Long.MAX_VALUE);
            if (keepsRepeats()) {
                // With a spool, a stop mails the groups never mailed; repeats wait for their time, in a later run.
                reports = neverMailed(reports);
            }
            if (retry != null && clock.getAsLong() < retry.at || reports.isEmpty() && digest.unkept(route) == 0) {
                continue;
            }
            if (retry != null) {
                counters.retries.incrementAndGet();
            }
            long now = clock.getAsLong();
            Verdict verdict = launchDigest(route, reports, end - now, true);
            if (verdict == Verdict.TRANSIENT) {
                if (retry == null) {
                    retry = new Retry(now);
                    backoff.put(route, retry);
                }
                retry.at = clock.getAsLong() + retryPolicy.backoff(++retry.attempts);
            }
        }
        Resends.Resend again;
        while (inFlight == null && (again = resends.due(clock.getAsLong(), true, end)) != null) {
            launch(Send.resend(again, end - clock.getAsLong()), true);
        }
        if (inFlight != null) {
            status.error("The email to " + inFlight.email.route().to() + " was still being sent when the shutdown "
                    + "timeout expired; " + (keepsRepeats() ? "the spool keeps it, and the next start sends it again"
                            : "what it reports is counted as lost"));
        }
        long left = digest.pendingEvents();
        if (keepsRepeats()) {
            // Kept for the next start, resends included: the spool holds them.
            counters.eventsKept.addAndGet(left);
            if (inFlight != null) {
                persistence.checkpoint(true);
            }
            persistence.close();
        } else {
            resends.abandon();
            if (left > 0) {
                counters.eventsLost.addAndGet(left);
                status.error(left + " error event(s) were not mailed before the shutdown timeout expired");
            }
            if (persistence != null) {
                persistence.close();
            }
        }
        counters.eventsHeld.set(0);
        counters.eventsKeepable.set(0);
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
     * Composes the route's digest and hands it to the mailer. Returns the verdict when the send ended
     * within this call (the mailer sends on this thread, or the flush waited for it), else null.
     */
    private Verdict launchDigest(Route route, List<GroupReport> reports, long budget, boolean flush) {
        AlertEmail email;
        long unkept = digest.unkept(route);
        try {
            email = composer.compose(route, reports, unkept);
        } catch (Throwable e) {
            // Out of memory included: a digest too big to build is dropped, and the sender carries on.
            Verdict.rethrowIfFatal(e);
            retries.remove(route);
            long dropped = giveUp(route, reports, unkept);
            status.error("Cannot compose the email for " + dropped + " error event(s): " + e, e);
            return Verdict.PERMANENT;
        }
        return launch(Send.digest(email, reports, unkept, budget), flush);
    }

    /** Hands a send to the mailer; a flush waits for it. Returns its verdict when it ended here, else null. */
    private Verdict launch(Send send, boolean flush) {
        inFlight = send;
        if (persistence != null) {
            // Before a byte goes out: after a crash from here on, this email is known to have been on its way.
            persistence.changed();
            persistence.checkpoint(true);
        }
        mailer.submit(send);
        if (flush && !send.isDone()) {
            mailer.await(send, clock.getAsLong() + send.budget);
        }
        return send.isDone() ? finish(flush) : null;
    }

    /**
     * Finishes the email the mailer sent, when it is done: the counts, the schedule, a retry or a resend.
     * Returns its verdict (null for one that arrived, and when none was done).
     */
    private Verdict finish(boolean flush) {
        Send send = inFlight;
        if (send == null || !send.isDone()) {
            return null;
        }
        inFlight = null;
        if (persistence != null) {
            persistence.changed();
        }
        if (send.resend != null) {
            resends.finished(send, flush);
            return null;
        }
        Throwable e = send.failure();
        Route route = send.route;
        if (e == null) {
            retries.remove(route);
            sent(send);
            return null;
        }
        Verdict.rethrowIfFatal(e);
        counters.sendFailures.incrementAndGet();
        String why = Verdict.describe(e);
        failed(why);
        AlertEmail email = send.email;
        Verdict verdict = Verdict.of(e);
        switch (verdict) {
            case UNKNOWN -> {
                // The server may have the mail already: it goes once more, the same email, so that it arrives
                // at least once, and a duplicate has the same Message-ID.
                retries.remove(route);
                long n = digest.markMailed(route, send.reports, clock.getAsLong(), email.messageId());
                digest.clearUnkept(route, send.unkept);
                counters.eventsUncertain.addAndGet(n + send.unkept);
                resends.again(email, send.fingerprints(), n + send.unkept);
                status.warn("The connection dropped after an email reporting " + email.events()
                        + " error event(s) was sent; it may or may not have arrived, so it goes once more (same "
                        + "Message-ID): " + why);
            }
            case TRANSIENT -> {
                if (Verdict.tokenRefused(e)) {
                    holdUntil = clock.getAsLong() + TOKEN_REFUSED_HOLD_NANOS;
                    status.warn("Could not mail " + email.events() + " error event(s), will retry in "
                            + seconds(TOKEN_REFUSED_HOLD_NANOS) + ": " + why);
                } else {
                    status.warn("Could not mail " + email.events() + " error event(s), will retry: " + why);
                }
                if (!flush) {
                    retryLater(route, send);
                }
            }
            default -> {
                retries.remove(route);
                long dropped = giveUp(route, send.reports, send.unkept);
                // Not always the server's refusal: a token endpoint that refuses the grant ends here too.
                status.error("Could not mail " + dropped + " error event(s), not retried: " + why,
                        e instanceof IOException ? null : e);
            }
        }
        return verdict;
    }

    /** Schedules the route's next try after a transient failure, or gives up once retryFor has passed. */
    private void retryLater(Route route, Send send) {
        long now = clock.getAsLong();
        Retry retry = retries.computeIfAbsent(route, r -> new Retry(now));
        retry.attempts++;
        if (now - retry.since >= retryPolicy.retryFor()) {
            retries.remove(route);
            long dropped = giveUp(route, send.reports, send.unkept);
            status.error("Gave up mailing " + dropped + " error event(s) after retrying for "
                    + seconds(now - retry.since) + "; see the previous status messages for the cause");
        } else {
            retry.at = now + retryPolicy.backoff(retry.attempts);
        }
    }

    private void sent(Send send) {
        SendResult result = send.result();
        long n = digest.markMailed(send.route, send.reports, clock.getAsLong(), send.email.messageId());
        digest.clearUnkept(send.route, send.unkept);
        counters.emailsSent.incrementAndGet();
        counters.eventsReported.addAndGet(n + send.unkept);
        counters.eventsSuppressed.addAndGet(Math.max(0, n + send.unkept - send.reports.size()));
        counters.eventsHeld.set(digest.pendingEvents());
        counters.lastSend = counters.outcome(true, "accepted by " + result.server() + ": " + result.dataReply());
        if (result.skipped() != null) {
            status.warn("Mailed through " + result.server() + " after " + result.skipped());
        }
        if (!result.refused().isEmpty()) {
            resends.refused(send.email, send.fingerprints(), result);
        }
    }

    /** Records the last send's failure, for health checks. */
    private void failed(String why) {
        counters.lastSend = counters.outcome(false, why);
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
