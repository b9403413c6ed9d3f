package io.github.mailback.alert;

import java.util.function.LongSupplier;

/**
 * Passes warnings and errors about mailing to Logback's status manager, at most {@code maxPerWindow}
 * per window: a server that is down must not flood the status list with one line per retry. What
 * is held back is counted and mentioned with the next message let through. Never logs via SLF4J.
 */
final class StatusReporter {
    /** Where the messages go: the appender's {@code addWarn}/{@code addError}. */
    public interface Sink {
        /** Information, such as what a spool brought back; dropped unless a sink takes it. */
        default void info(String message) {
        }

        void warn(String message);

        /** {@code cause}: the throwable whose stack trace goes with the message, or null. */
        void error(String message, Throwable cause);
    }

    private final Sink sink;
    private final LongSupplier clock;
    private final int maxPerWindow;
    private final long windowNanos;
    private long windowStart;
    private int inWindow;
    private long suppressed;

    public StatusReporter(Sink sink, LongSupplier clock, int maxPerWindow, long windowNanos) {
        this.sink = sink;
        this.clock = clock;
        this.maxPerWindow = maxPerWindow;
        this.windowNanos = windowNanos;
        this.windowStart = clock.getAsLong();
    }

    public synchronized void info(String message) {
        String m = admit(message);
        if (m != null) {
            sink.info(m);
        }
    }

    public synchronized void warn(String message) {
        String m = admit(message);
        if (m != null) {
            sink.warn(m);
        }
    }

    public synchronized void error(String message) {
        error(message, null);
    }

    /** An error with the throwable that caused it, whose stack trace Logback's status keeps. */
    public synchronized void error(String message, Throwable cause) {
        String m = admit(message);
        if (m != null) {
            sink.error(m, cause);
        }
    }

    /** Messages held back so far. */
    public synchronized long suppressed() {
        return suppressed;
    }

    private String admit(String message) {
        long now = clock.getAsLong();
        if (now - windowStart >= windowNanos) {
            windowStart = now;
            inWindow = 0;
        }
        if (inWindow >= maxPerWindow) {
            suppressed++;
            return null;
        }
        inWindow++;
        if (suppressed > 0) {
            String m = message + " (" + suppressed + " similar status message" + (suppressed == 1 ? "" : "s")
                    + " held back before this one)";
            suppressed = 0;
            return m;
        }
        return message;
    }
}
