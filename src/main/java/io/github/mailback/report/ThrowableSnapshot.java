package io.github.mailback.report;

import io.github.mailback.internal.Throwables;
import java.util.List;

/**
 * A throwable of an event, as plain data: its class, message and frames, how many frames it shares
 * with the throwable that encloses it, and its cause and suppressed ones, as Logback's proxy gives them.
 */
public record ThrowableSnapshot(String className, String message, List<StackTraceElement> frames, int commonFrames,
        ThrowableSnapshot cause, List<ThrowableSnapshot> suppressed) {

    public ThrowableSnapshot {
        frames = List.copyOf(frames);
        suppressed = List.copyOf(suppressed);
    }

    /** The last cause of the chain, or the deepest within {@link Throwables#MAX_CAUSE_DEPTH}. */
    public ThrowableSnapshot root() {
        ThrowableSnapshot current = this;
        for (int depth = 0; depth < Throwables.MAX_CAUSE_DEPTH && current.cause != null; depth++) {
            current = current.cause;
        }
        return current;
    }
}
