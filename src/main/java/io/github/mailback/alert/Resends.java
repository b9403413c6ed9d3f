package io.github.mailback.alert;

import io.github.mailback.smtp.SendResult;
import io.github.mailback.smtp.SmtpReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Emails to send again, the same message with its headers unchanged (RFC 5321 3.3):
 * <ul>
 *   <li>to the recipients who refused one for now (4xx, as greylisting does) while others took it,
 *   until they take it or {@code retryFor} passes. Its events count as reported once, when it first
 *   went out: a resend reports nothing new, and a mailbox receives the email (with its
 *   X-Mailback-Events) once;</li>
 *   <li>once more to all its recipients when the connection broke after its final dot, so that it
 *   arrives at least once: byte for byte the same, with the same Message-ID, so that a duplicate can be
 *   recognised. Its events count as uncertain until then, as reported after.</li>
 * </ul>
 * Few: one per email sent within {@code retryFor}, rate limited. Owned by the sender thread; sent
 * through its {@link Mailer} like any email.
 */
final class Resends {
    /** One email to send again, to whom, since when, how often tried, and when next. */
    static final class Resend {
        final AlertEmail email;
        /** The groups the email reports, for the spool. */
        final List<String> fingerprints;
        final long since;
        /**
         * Events of the email whose arrival is uncertain (it is sent again after a broken connection), until
         * a server takes it; else 0.
         */
        long uncertain;
        List<String> to;
        int attempts;
        long at;
        /** Tried by the final flush already. */
        boolean flushed;

        Resend(AlertEmail email, List<String> fingerprints, List<String> to, long since, long uncertain) {
            this.email = email;
            this.fingerprints = List.copyOf(fingerprints);
            this.to = to;
            this.since = since;
            this.uncertain = uncertain;
        }
    }

    private final List<Resend> pending = new ArrayList<>();
    private final StatusReporter status;
    private final AlertCounters counters;
    private final LongSupplier clock;
    private final RetryPolicy retryPolicy;

    Resends(StatusReporter status, AlertCounters counters, LongSupplier clock, RetryPolicy retryPolicy) {
        this.status = status;
        this.counters = counters;
        this.clock = clock;
        this.retryPolicy = retryPolicy;
    }

    /**
     * After an email went out with some recipients refused: those who refused for good are reported and
     * dropped, those who refused for now get it again after the first back-off.
     */
    void refused(AlertEmail email, List<String> fingerprints, SendResult result) {
        List<String> later = refusedForNow(result, email);
        if (!later.isEmpty()) {
            status.warn("The server refused some recipients for now, the email goes to them again for up "
                    + "to retryFor: " + describe(result.refused()));
            schedule(new Resend(email, fingerprints, later, clock.getAsLong(), 0));
        }
    }

    /** After the connection broke past the email's final dot: it goes once more to all its recipients. */
    void again(AlertEmail email, List<String> fingerprints, long uncertain) {
        Resend r = new Resend(email, fingerprints, email.route().to(), clock.getAsLong(), uncertain);
        r.at = r.since; // at once: whoever did not get it has waited long enough
        pending.add(r);
    }

    /** A resend the spool kept, to {@code to}, tried {@code attempts} times since {@code since} (nanoTime). */
    void restore(AlertEmail email, List<String> fingerprints, List<String> to, long since, int attempts, long uncertain) {
        Resend r = new Resend(email, fingerprints, to, since, uncertain);
        r.attempts = attempts;
        r.at = since; // due: the downtime was its back-off
        pending.add(r);
    }

    /** The emails to send again, for the spool. */
    List<Resend> pending() {
        return pending;
    }

    private void schedule(Resend r) {
        r.at = r.since + retryPolicy.backoff(++r.attempts);
        pending.add(r);
    }

    /**
     * The next email to send again now, or null; {@code flush} takes each once whatever its back-off,
     * before {@code deadline}.
     */
    Resend due(long now, boolean flush, long deadline) {
        for (Resend r : pending) {
            if (flush ? !r.flushed && now < deadline : now >= r.at) {
                r.flushed |= flush;
                return r;
            }
        }
        return null;
    }

    /** When the next resend is due (nanoTime), {@code Long.MAX_VALUE} for none. */
    long nextAt() {
        long next = Long.MAX_VALUE;
        for (Resend r : pending) {
            next = Math.min(next, r.at);
        }
        return next;
    }

    /** A resend is done: who got it, who may still, and whether to try again. */
    void finished(Send send, boolean flush) {
        Resend r = send.resend;
        counters.retries.incrementAndGet();
        Throwable e = send.failure();
        String why;
        if (e == null) {
            SendResult result = send.result();
            r.to = refusedForNow(result, r.email);
            why = describe(result.refused());
            if (r.uncertain > 0) {
                // It has arrived now, once at least; who refused it for now gets it again as after greylisting.
                counters.eventsUncertain.addAndGet(-r.uncertain);
                counters.eventsReported.addAndGet(r.uncertain);
                counters.emailsSent.incrementAndGet();
                r.uncertain = 0;
            }
        } else {
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
        long now = clock.getAsLong();
        if (r.to.isEmpty()) {
            pending.remove(r);
        } else if (now - r.since >= retryPolicy.retryFor() && !flush) {
            pending.remove(r);
            status.error("Gave up mailing " + r.to + " after retrying for " + AlertEngine.seconds(now - r.since)
                    + " (" + why + "); the email reporting " + r.email.events() + " error event(s)"
                    + (r.uncertain > 0 ? " may not have arrived" : " reached the other recipients"));
        } else {
            r.at = now + retryPolicy.backoff(++r.attempts);
        }
    }

    /** At the end of the final flush: says who did not get the email again, and forgets them. */
    void abandon() {
        for (Resend r : pending) {
            status.error("Not mailed again before the shutdown timeout expired to " + r.to
                    + (r.uncertain > 0 ? ", after the connection broke at its end; the email reporting "
                            + r.email.events() + " error event(s) may not have arrived"
                            : ", who refused it for now; the email reporting " + r.email.events()
                                    + " error event(s) reached the other recipients"));
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

    static String describe(Map<String, SmtpReply> refused) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, SmtpReply> e : refused.entrySet()) {
            sb.append(sb.length() == 0 ? "" : "; ").append('<').append(e.getKey()).append("> ").append(e.getValue());
        }
        return sb.toString();
    }
}
