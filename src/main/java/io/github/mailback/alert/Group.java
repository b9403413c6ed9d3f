package io.github.mailback.alert;

import io.github.mailback.report.Example;
import io.github.mailback.report.GroupReport;

/**
 * The state of one group of same-fingerprint errors to one route, owned by the sender thread.
 * Plain fields on purpose: only the sender thread reads or writes them.
 */
final class Group {
    final String fingerprint;
    final Route route;
    /** The first event of the current pending batch, with its context: the example an email shows. */
    Example example;
    /** When the example was logged (nanoTime). */
    long exampleNanos;
    long total;
    /** Events not yet reported in an email. */
    long pending;
    long firstSeenMillis;
    long lastSeenMillis;
    long pendingFirstMillis;
    /** nanoTime of the first pending event. */
    long pendingSince;
    /** nanoTime of the latest event, to tell a quiet group. */
    long lastEventAt;
    int mails;
    /** How many repeats in a row the back-off has doubled. */
    int level;
    /** The current batch began after a quiet spell: its email does not double the back-off. */
    boolean restarted;
    long lastMailedAt;
    long lastMailedCount;
    /** Message-ID of this group's first email, so repeats can thread under it (RFC 5322 3.6.4). */
    String threadId;
    /** The spool's record of {@link #example}, or null until it is written (always null without a spool). */
    String exampleFile;
    /** Runs of the service that logged it (this one included once it does), from the spool. */
    int runs = 1;
    /** Logged in this run: a group the spool brought back counts this run once it is logged again. */
    boolean thisRun = true;
    /** The group of runs that ended without a clean stop: its count is of runs, not of events. */
    boolean uncleanExits;

    Group(String fingerprint, Route route) {
        this.fingerprint = fingerprint;
        this.route = route;
    }

    /** Copies what an email needs, so the composer never sees later changes. */
    GroupReport report(boolean due) {
        return new GroupReport(fingerprint, example, pending, total, pendingFirstMillis, lastSeenMillis, firstSeenMillis,
                mails == 0, due, threadId, exampleNanos, runs, uncleanExits);
    }
}
