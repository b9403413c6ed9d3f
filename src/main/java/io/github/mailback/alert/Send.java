package io.github.mailback.alert;

import io.github.mailback.report.GroupReport;
import io.github.mailback.smtp.SendResult;
import java.util.List;

/**
 * One email on its way to the server, what it is for, and once it is done how it went. Either a
 * route's digest ({@code reports} and {@code unkept}: what it counts) or a resend ({@code resend}).
 * The mailer sets the outcome on its own thread, then publishes it with the done flag.
 */
final class Send {
    final AlertEmail email;
    /** The recipients to send to, or null for all of the email's. */
    final List<String> only;
    /** The time the send may take, in nanoseconds; {@code Long.MAX_VALUE} for the configured timeouts. */
    final long budget;
    final Route route;
    final List<GroupReport> reports;
    final long unkept;
    /** The resend this is, or null. */
    final Resends.Resend resend;
    private SendResult result;
    private Throwable failure;
    private volatile boolean done;

    private Send(AlertEmail email, List<String> only, long budget, Route route, List<GroupReport> reports, long unkept,
            Resends.Resend resend) {
        this.email = email;
        this.only = only;
        this.budget = budget;
        this.route = route;
        this.reports = reports;
        this.unkept = unkept;
        this.resend = resend;
    }

    /** The digest email of a route, reporting these groups and {@code unkept} events by number. */
    static Send digest(AlertEmail email, List<GroupReport> reports, long unkept, long budget) {
        return new Send(email, null, budget, email.route(), List.copyOf(reports), unkept, null);
    }

    /** An email sent again, to {@code resend}'s recipients. */
    static Send resend(Resends.Resend resend, long budget) {
        return new Send(resend.email, List.copyOf(resend.to), budget, resend.email.route(), List.of(), 0, resend);
    }

    /** The groups the email reports, in order. */
    List<String> fingerprints() {
        if (resend != null) {
            return resend.fingerprints;
        }
        List<String> f = new java.util.ArrayList<>(reports.size());
        for (GroupReport r : reports) {
            f.add(r.fingerprint());
        }
        return f;
    }

    /** Records how the send went; the mailer's thread, once. */
    void done(SendResult result, Throwable failure) {
        this.result = result;
        this.failure = failure;
        done = true;
    }

    boolean isDone() {
        return done;
    }

    /** The server's answer; null when the send failed. */
    SendResult result() {
        return result;
    }

    /** What failed, or null when the server took the email. */
    Throwable failure() {
        return failure;
    }
}
