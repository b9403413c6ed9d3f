package io.github.mailback.alert;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the appender has done, readable from any thread. Over a run, once stopped:
 * {@code triggered = reported + uncertain + failed + lost}, where {@code reported} is the sum of
 * {@code X-Mailback-Events} over the emails the server accepted.
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
    /** The check at start's outcome, and the last send attempt's; null until they happen. */
    volatile Outcome startCheck;
    volatile Outcome lastSend;

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
        return triggeredEvents() - eventsReported() - eventsUncertain() - eventsFailed() - eventsLost();
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
                + ", inboxOverflow=" + inboxOverflow() + ", senderThreadEvents=" + senderThreadEvents();
    }
}
