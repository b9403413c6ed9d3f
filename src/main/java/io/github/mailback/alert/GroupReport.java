package io.github.mailback.alert;

/**
 * What one email says about one group: its example incident, the events it reports ({@code count}),
 * the group's total so far, the time span of the reported events and whether this is the group's
 * first email.
 */
record GroupReport(String fingerprint, Incident example, long count, long total, long firstMillis,
        long lastMillis, long firstEverMillis, boolean firstMail, boolean due, String threadId) {
}
