package io.github.mailback.alert;

import io.github.mailback.smtp.SendResult;
import io.github.mailback.smtp.SmtpReply;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Emails that some recipients took while others refused them for now (4xx, as greylisting does): each
 * goes again, as a new transaction to those alone, the same message with its headers unchanged (RFC
 * 5321 3.3), until they take it or {@code retryFor} passes. Its events count as reported once, when it
 * first went out: a resend reports nothing new, and a mailbox receives the email (with its
 * X-Mailback-Events) once. Few: one per email sent within {@code retryFor}, rate limited. Owned by the
 * sender thread.
 */
final class Resends {
    /** One email to send again, to whom, since when, how often tried, and when next. */
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

    private final List<Resend> pending = new ArrayList<>();
    private final Transport transport;
    private final StatusReporter status;
    private final AlertCounters counters;
    private final LongSupplier clock;
    private final RetryPolicy retryPolicy;

    Resends(Transport transport, StatusReporter status, AlertCounters counters, LongSupplier clock,
            RetryPolicy retryPolicy) {
        this.transport = transport;
        this.status = status;
        this.counters = counters;
        this.clock = clock;
        this.retryPolicy = retryPolicy;
    }

    /**
     * After an email went out with some recipients refused: those who refused for good are reported and
     * dropped, those who refused for now get it again after the first back-off.
     */
    void refused(AlertEmail email, SendResult result) {
        List<String> later = refusedForNow(result, email);
        if (!later.isEmpty()) {
            status.warn("The server refused some recipients for now, the email goes to them again for up "
                    + "to retryFor: " + describe(result.refused()));
            Resend r = new Resend(email, later, clock.getAsLong());
            r.at = r.since + retryPolicy.backoff(++r.attempts);
            pending.add(r);
        }
    }

    /**
     * Sends each due email again; {@code flush} tries each once whatever its back-off, before
     * {@code deadline}. Returns when to call again.
     */
    long resend(boolean flush, long deadline) {
        long wake = Long.MAX_VALUE;
        for (Iterator<Resend> it = pending.iterator(); it.hasNext(); ) {
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
            } catch (Throwable e) {
                Verdict.rethrowIfFatal(e);
                counters.sendFailures.incrementAndGet();
                why = Verdict.describe(e);
                switch (Verdict.of(e)) {
                    case UNKNOWN -> {
                        r.to = List.of();
                        status.warn("The connection dropped after an email was sent again; it may or may not have "
                                + "arrived: " + why);
                    }
                    case PERMANENT -> {
                        status.error("Could not mail again, not retried, the email to " + r.to + ": " + why);
                        r.to = List.of();
                    }
                    default -> {
                        // Tried again after the next back-off.
                    }
                }
            }
            now = clock.getAsLong();
            if (r.to.isEmpty()) {
                it.remove();
            } else if (now - r.since >= retryPolicy.retryFor() && !flush) {
                it.remove();
                status.error("Gave up mailing " + r.to + " after retrying for " + AlertEngine.seconds(now - r.since)
                        + " (" + why + "); the email reporting " + r.email.events()
                        + " error event(s) reached the other recipients");
            } else {
                r.at = now + retryPolicy.backoff(++r.attempts);
                wake = Math.min(wake, r.at);
            }
        }
        return wake;
    }

    /** At the end of the final flush: says who did not get the email again, and forgets them. */
    void abandon() {
        for (Resend r : pending) {
            status.error("Not mailed again before the shutdown timeout expired to " + r.to
                    + ", who refused it for now; the email reporting " + r.email.events()
                    + " error event(s) reached the other recipients");
        }
        pending.clear();
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

    private static String describe(Map<String, SmtpReply> refused) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, SmtpReply> e : refused.entrySet()) {
            sb.append(sb.length() == 0 ? "" : "; ").append('<').append(e.getKey()).append("> ").append(e.getValue());
        }
        return sb.toString();
    }
}
