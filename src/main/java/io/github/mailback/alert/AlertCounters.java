package io.github.mailback.alert;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the appender has done, readable from any thread. Over a run, once stopped:
 * {@code triggered + recovered = reported + uncertain + failed + lost + kept}, where {@code reported} is
 * the sum of {@code X-Mailback-Events} over the emails the server accepted, {@code recovered} what a
 * spool brought back from an earlier run and {@code kept} what a stop left in it for the next.
 */
final class AlertCounters {
    /** Written by logging threads, so striped. */
    final LongAdder triggered = new LongAdder();
    final AtomicLong emailsSent = new AtomicLong();
    final AtomicLong eventsReported = new AtomicLong();
    final AtomicLong eventsSuppressed = new AtomicLong();
    final AtomicLong eventsUncertain = new AtomicLong();
    final AtomicLong eventsFailed = new AtomicLong();
    final AtomicLong eventsLost = new AtomicLong();
    final AtomicLong eventsHeld = new AtomicLong();
    final AtomicLong sendFailures = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong rateLimited = new AtomicLong();
    final AtomicLong inboxOverflow = new AtomicLong();
    final LongAdder senderThreadEvents = new LongAdder();
    /** Events a spool brought back from an earlier run. */
    final AtomicLong spoolRecovered = new AtomicLong();
    /** Events a stop left in the spool for the next run: repeats not due yet. */
    final AtomicLong eventsKept = new AtomicLong();
    /** Events pending that a stop would keep in the spool (published by the sender at each step). */
    final AtomicLong eventsKeepable = new AtomicLong();
    /** Emails a spool brought back to send again. */
    final AtomicLong spoolResent = new AtomicLong();
    /** Spool files moved aside, unreadable. */
    final AtomicLong spoolQuarantined = new AtomicLong();
    final AtomicLong spoolBytes = new AtomicLong();
    final AtomicLong spoolEntries = new AtomicLong();
    /** Groups whose details the spool dropped at maxSpoolSize (their counts are kept). */
    final AtomicLong spoolTrimmed = new AtomicLong();
    /** Values redacted, by rule ordinal ({@link io.github.mailback.redact.Rule}). */
    final java.util.concurrent.atomic.AtomicLongArray redactions =
            new java.util.concurrent.atomic.AtomicLongArray(io.github.mailback.redact.Rule.values().length);
    /** States written to the spool so far. */
    final AtomicLong checkpoints = new AtomicLong();
    /** What texts shown outside an email go through: the appender's redaction, or none. */
    volatile java.util.function.UnaryOperator<String> redact = text -> text;
    /** The check at start's outcome, and the last send attempt's; null until they happen. */
    volatile Outcome startCheck;
    volatile Outcome lastSend;

    /** An outcome now, its detail redacted: a server's reply may quote what it was sent. */
    Outcome outcome(boolean ok, String detail) {
        return new Outcome(System.currentTimeMillis(), ok, redact.apply(detail));
    }

    /** Counts one triggering event; called on the logging thread. */
    public void triggered() {
        triggered.increment();
    }

    public long triggeredEvents() {
        return triggered.sum();
    }

    public long emailsSent() {
        return emailsSent.get();
    }

    /** Sum of X-Mailback-Events over the emails accepted by the server. */
    public long eventsReported() {
        return eventsReported.get();
    }

    /** Events reported only as part of a count, not shown as an example. */
    public long eventsSuppressed() {
        return eventsSuppressed.get();
    }

    /** Events in emails whose outcome is unknown (the connection dropped after the final dot). */
    public long eventsUncertain() {
        return eventsUncertain.get();
    }

    /** Events given up on: a permanent refusal, or retries exhausted. */
    public long eventsFailed() {
        return eventsFailed.get();
    }

    /** Events still unsent when the shutdown timeout expired. */
    public long eventsLost() {
        return eventsLost.get();
    }

    /** Events waiting for an email right now (held by batching, back-off or the rate limit). */
    public long eventsHeld() {
        return eventsHeld.get();
    }

    /** Send attempts that failed. */
    public long sendFailures() {
        return sendFailures.get();
    }

    /** Send attempts that repeated a failed one. */
    public long retries() {
        return retries.get();
    }

    /** Times an email was due but the rate limit held it back. */
    public long rateLimited() {
        return rateLimited.get();
    }

    /**
     * Triggering events not yet accounted for: in the inbox, held, being sent, or not yet sent when
     * the appender stopped without the time to send them.
     */
    public long eventsUnaccounted() {
        return triggeredEvents() + spoolRecovered.get() - eventsReported() - eventsUncertain() - eventsFailed()
                - eventsLost() - eventsKept.get();
    }

    /** Counts an event logged by the sender thread itself (by a layout, say), which is never mailed. */
    public void loggedBySender() {
        senderThreadEvents.increment();
    }

    /** Events logged on the sender thread itself, ignored so that mailing cannot feed itself. */
    public long senderThreadEvents() {
        return senderThreadEvents.sum();
    }

    /** Triggering events the inbox could not take (they are still counted in an email). */
    public long inboxOverflow() {
        return inboxOverflow.get();
    }

    @Override
    public String toString() {
        return "triggered=" + triggeredEvents() + ", emailsSent=" + emailsSent() + ", reported=" + eventsReported()
                + ", held=" + eventsHeld() + ", uncertain=" + eventsUncertain() + ", failed=" + eventsFailed()
                + ", lost=" + eventsLost() + ", sendFailures=" + sendFailures() + ", retries=" + retries()
                + ", inboxOverflow=" + inboxOverflow() + ", senderThreadEvents=" + senderThreadEvents()
                + ", recovered=" + spoolRecovered + ", kept=" + eventsKept + ", keepable=" + eventsKeepable
                + ", resent=" + spoolResent + ", quarantined=" + spoolQuarantined + ", checkpoints=" + checkpoints;
    }
}
