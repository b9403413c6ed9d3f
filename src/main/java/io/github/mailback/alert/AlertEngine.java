package io.github.mailback.alert;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.mailback.smtp.SendResult;
import io.github.mailback.smtp.SmtpException;
import io.github.mailback.smtp.SmtpOutcomeUnknownException;
import io.github.mailback.smtp.SmtpReply;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
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

    /** Timing of retries after a transient failure (nanoseconds). */
    public record RetryPolicy(long retryFor, long firstBackoff, long maxBackoff) {
        long backoff(int attempt) {
            long b = firstBackoff << Math.min(attempt - 1, 30);
            return b <= 0 || b > maxBackoff ? maxBackoff : b;
        }
    }

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
    private final DigestComposer composer;
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

    /**
     * An email that some recipients took while others refused it for now (4xx): it goes again, as a new
     * transaction to those alone, until they take it or {@code retryFor} passes. Its events count as
     * reported once, when it first went out: the resend reports nothing new, and a mailbox receives the
     * email (with its X-Mailback-Events) once. Few: one per email sent within {@code retryFor}, rate limited.
     */
    private static final class Resend {
        final AlertEmail email;
        final long since;
        List<String> to;
        int attempts;
        long at;

        Resend(AlertEmail email, List<String> to, long since) {
            this.email = email;
            this.to = to;
            this.since = since;
        }
    }

    private final List<Resend> resends = new ArrayList<>();
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
            DigestComposer composer, Transport transport, StatusReporter status, AlertCounters counters,
            LongSupplier clock, RetryPolicy retryPolicy) {
        this.inbox = inbox;
        this.digest = digest;
        this.bucket = bucket;
        this.router = router;
        this.composer = composer;
        this.transport = transport;
        this.status = status;
        this.counters = counters;
        this.clock = clock;
        this.retryPolicy = retryPolicy;
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
        long wake = resend(false, Long.MAX_VALUE);
        long now = clock.getAsLong();
        for (Route route : digest.pendingRoutes()) {
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
        for (Route route : digest.pendingRoutes()) {
            int attempt = 0;
            while (true) {
                long now = clock.getAsLong();
                if (now >= end) {
                    break;
                }
                List<GroupReport> reports = digest.reports(route, Long.MAX_VALUE);
                long unkept = digest.unkept(route);
                if (reports.isEmpty() && unkept == 0) {
                    break;
                }
                if (attempt > 0) {
                    counters.retries.incrementAndGet();
                }
                Attempt outcome = attempt(route, reports, unkept, end - now);
                if (outcome != Attempt.TRANSIENT) {
                    break;
                }
                attempt++;
                long wait = retryPolicy.backoff(attempt);
                if (clock.getAsLong() + wait >= end || !pause.pause(wait)) {
                    break;
                }
                drain();
            }
        }
        resend(true, end);
        for (Resend r : resends) {
            status.error("Not mailed again before the shutdown timeout expired to " + r.to
                    + ", who refused it for now; the email reporting " + r.email.events()
                    + " error event(s) reached the other recipients");
        }
        resends.clear();
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
                digest.add(notAfter(incident, now), route, fingerprint(incident));
            }
        }
        // What found the inbox full keeps its group: a new error amid a flood is still mailed by name.
        inbox.takeSpilled((first, lastMillis, count) -> {
            Route route = route(first.event(), count);
            if (route != null) {
                // On the scale the logging thread put the first one on (see LoggingPath.nanosOf).
                long lastNanos = first.loggedNanos() + (lastMillis - first.event().getTimeStamp()) * 1_000_000L;
                digest.add(notAfter(first, now), Math.min(lastNanos, now), lastMillis, count, route,
                        fingerprint(first));
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
     * The incident's fingerprint. A flood repeats one error, so when the event matches the last one
     * fingerprinted in all that a fingerprint reads ({@link Fingerprint#sameInput}), its fingerprint is
     * reused: comparing costs less than building the string, and the digest's lookup finds that
     * string's hash already computed.
     */
    private String fingerprint(Incident incident) {
        ILoggingEvent event = incident.event();
        try {
            if (fingerprinted == null || !Fingerprint.sameInput(fingerprinted, event)) {
                lastFingerprint = Fingerprint.of(event, composer.frames);
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

    /**
     * Sends each due email again to the recipients who refused it for now; {@code flush} tries each once
     * whatever its back-off, before {@code deadline}. Returns when to call again.
     */
    private long resend(boolean flush, long deadline) {
        long wake = Long.MAX_VALUE;
        for (Iterator<Resend> it = resends.iterator(); it.hasNext(); ) {
            Resend r = it.next();
            long now = clock.getAsLong();
            if (flush ? now >= deadline : now < r.at) {
                wake = Math.min(wake, r.at);
                continue;
            }
            counters.retries.incrementAndGet();
            String why;
            try {
                SendResult result = transport.send(r.email, r.to, flush ? deadline - now : Long.MAX_VALUE);
                r.to = refusedForNow(result, r.email);
                why = describe(result.refused());
            } catch (SmtpOutcomeUnknownException e) {
                r.to = List.of();
                why = e.getMessage();
                status.warn("The connection dropped after an email was sent again; it may or may not have arrived: " + why);
            } catch (SmtpException e) {
                counters.sendFailures.incrementAndGet();
                why = e.getMessage();
                if (!e.isTransient()) {
                    status.error("The server refused for good the email sent again to " + r.to + ": " + why);
                    r.to = List.of();
                }
            } catch (IOException | RuntimeException e) {
                counters.sendFailures.incrementAndGet();
                why = e.toString();
            }
            now = clock.getAsLong();
            if (r.to.isEmpty()) {
                it.remove();
            } else if (now - r.since >= retryPolicy.retryFor() && !flush) {
                it.remove();
                status.error("Gave up mailing " + r.to + " after retrying for " + seconds(now - r.since)
                        + " (" + why + "); the email reporting " + r.email.events()
                        + " error event(s) reached the other recipients");
            } else {
                r.at = now + retryPolicy.backoff(++r.attempts);
                wake = Math.min(wake, r.at);
            }
        }
        return wake;
    }

    /** The recipients who refused for now (4xx); those who refused for good are reported and dropped. */
    private List<String> refusedForNow(SendResult result, AlertEmail email) {
        List<String> later = new ArrayList<>();
        for (Map.Entry<String, SmtpReply> e : result.refused().entrySet()) {
            if (e.getValue().isTransientNegative()) {
                later.add(e.getKey());
            } else {
                status.error("The server refused <" + e.getKey() + "> for good (" + e.getValue()
                        + "): it will not receive the email reporting " + email.events() + " error event(s)");
            }
        }
        return later;
    }

    private Attempt attempt(Route route, List<GroupReport> reports, long unkept, long budget) {
        AlertEmail email;
        try {
            email = composer.compose(route, reports, unkept);
        } catch (RuntimeException e) {
            long dropped = giveUp(route, reports, unkept);
            status.error("Cannot compose the email for " + dropped + " error event(s): " + e);
            return Attempt.PERMANENT;
        }
        try {
            SendResult result = transport.send(email, null, budget);
            sent(route, reports, unkept, email);
            if (result.skipped() != null) {
                status.warn("Mailed through " + result.server() + " after " + result.skipped());
            }
            if (!result.refused().isEmpty()) {
                List<String> later = refusedForNow(result, email);
                if (!later.isEmpty()) {
                    status.warn("The server refused some recipients for now, the email goes to them again for up "
                            + "to retryFor: " + describe(result.refused()));
                    Resend r = new Resend(email, later, clock.getAsLong());
                    r.at = r.since + retryPolicy.backoff(++r.attempts);
                    resends.add(r);
                }
            }
            return Attempt.SENT;
        } catch (SmtpOutcomeUnknownException e) {
            // The server may have the mail already; sending again could deliver it twice.
            long n = digest.markMailed(route, reports, clock.getAsLong(), email.messageId());
            digest.clearUnkept(route, unkept);
            counters.eventsUncertain.addAndGet(n + unkept);
            counters.sendFailures.incrementAndGet();
            status.warn("The connection dropped after an email reporting " + email.events()
                    + " error event(s) was sent; it may or may not have arrived (not sent again): " + e.getMessage());
            return Attempt.SENT;
        } catch (SmtpException e) {
            counters.sendFailures.incrementAndGet();
            if (e.isTransient()) {
                status.warn("Could not mail " + email.events() + " error event(s), will retry: " + e.getMessage());
                return Attempt.TRANSIENT;
            }
            long dropped = giveUp(route, reports, unkept);
            // Not always the server's refusal: a token endpoint that refuses the grant ends here too.
            status.error("Could not mail " + dropped + " error event(s), not retried: " + e.getMessage());
            return Attempt.PERMANENT;
        } catch (IOException e) {
            counters.sendFailures.incrementAndGet();
            status.warn("Could not mail " + email.events() + " error event(s), will retry: " + e);
            return Attempt.TRANSIENT;
        } catch (RuntimeException e) {
            counters.sendFailures.incrementAndGet();
            long dropped = giveUp(route, reports, unkept);
            status.error("Could not mail " + dropped + " error event(s): " + e);
            return Attempt.PERMANENT;
        }
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

    private static String describe(Map<String, SmtpReply> refused) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, SmtpReply> e : refused.entrySet()) {
            sb.append(sb.length() == 0 ? "" : "; ").append('<').append(e.getKey()).append("> ").append(e.getValue());
        }
        return sb.toString();
    }

    private static String seconds(long nanos) {
        return (nanos / 1_000_000_000L) + " s";
    }
}
