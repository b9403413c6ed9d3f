package io.github.mailback;

/**
 * The counters of a running {@link SmtpAppender}, registered in JMX as
 * {@code io.github.mailback:type=SmtpAppender,context=<context name>,name=<appender name>}.
 */
public interface SmtpAppenderMBean {
    /** Events the evaluator chose to mail (ERROR and above by default). */
    long getTriggeringEvents();

    /** Emails the server accepted. */
    long getEmailsSent();

    /** Sum of {@code X-Mailback-Events} over the emails the server accepted. */
    long getEventsReported();

    /** Events reported only by number in a digest, not shown as an example. */
    long getEventsSuppressed();

    /** Events waiting for their email now (batching, per-group back-off, rate limit or retries). */
    long getEventsHeld();

    /** Events given up on: a permanent refusal by the server, or retries exhausted. */
    long getEventsFailed();

    /** Events in emails whose fate is unknown (the connection broke after the message was sent). */
    long getEventsUncertain();

    /** Events still unsent when {@code shutdownTimeout} expired. */
    long getEventsLost();

    /** Send attempts that failed. */
    long getSendFailures();

    /** Send attempts that repeated a failed one. */
    long getRetries();

    /** Times an email was due but the global rate limit held it back. */
    long getRateLimited();

    /** Triggering events that found the inbox full (counted in a later email, not shown). */
    long getInboxOverflow();

    /** Events logged on the sender thread itself (by a layout, say): never mailed. */
    long getSenderThreadEvents();

    /** Events a stop left in the spool for a later run: repeats not yet due (with spoolDir). */
    long getEventsKept();

    /** Events the spool brought back from earlier runs. */
    long getSpoolRecovered();

    /** Emails the spool brought back to send again (being sent or retried when a run ended). */
    long getSpoolResent();

    /** Spool files that could not be read, moved aside to its corrupt folder. */
    long getSpoolQuarantined();

    /** Groups whose details the spool dropped at maxSpoolSize; their counts are kept. */
    long getSpoolTrimmed();

    /** The spool's size on disk now, in bytes. */
    long getSpoolBytes();

    /** The spool's records now: its state, the groups' examples and the emails on their way. */
    long getSpoolEntries();

    /** Values redacted in what the appender mailed and printed, all rules together (by rule: the meters). */
    long getRedactedValues();
}
