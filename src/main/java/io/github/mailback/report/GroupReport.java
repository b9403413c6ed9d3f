package io.github.mailback.report;

/**
 * What one email says about one group: its example, the events it reports ({@code count}), the
 * group's total so far, the time span of the reported events (and of the group since its first
 * event), whether this is the group's first email and whether its back-off let it be mailed now
 * ({@code due}), and the Message-ID of the group's first email in this JVM.
 *
 * @param exampleNanos when the example was logged, on the sender's clock: of two new groups, the
 *     latest speaks for the email
 * @param runs the runs of the service that logged it (more than one with a spool)
 * @param uncleanExits the group of runs that ended without a clean stop: {@code count} is of runs, and
 *     it adds nothing to the email's count of events
 */
public record GroupReport(String fingerprint, Example example, long count, long total, long firstMillis,
        long lastMillis, long firstEverMillis, boolean firstMail, boolean due, String threadId, long exampleNanos,
        int runs, boolean uncleanExits) {
    /** A report of events from one run. */
    public GroupReport(String fingerprint, Example example, long count, long total, long firstMillis, long lastMillis,
            long firstEverMillis, boolean firstMail, boolean due, String threadId, long exampleNanos) {
        this(fingerprint, example, count, total, firstMillis, lastMillis, firstEverMillis, firstMail, due, threadId,
                exampleNanos, 1, false);
    }

    /** The triggering events it reports: none for unclean exits. */
    public long events() {
        return uncleanExits ? 0 : count;
    }
}
