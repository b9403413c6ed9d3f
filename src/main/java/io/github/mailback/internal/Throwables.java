package io.github.mailback.internal;

import ch.qos.logback.classic.spi.IThrowableProxy;

/**
 * Walks Logback's throwable proxies with a bound: a cyclic or absurdly deep causal chain must not
 * loop or take the sender thread's time.
 */
public final class Throwables {
    /** Causal chains are followed this deep at most. */
    public static final int MAX_CAUSE_DEPTH = 32;

    private Throwables() {
    }

    /** The last cause of the chain, or the deepest one within {@link #MAX_CAUSE_DEPTH}. */
    public static IThrowableProxy rootCause(IThrowableProxy throwable) {
        IThrowableProxy current = throwable;
        for (int depth = 0; depth < MAX_CAUSE_DEPTH && current.getCause() != null; depth++) {
            current = current.getCause();
        }
        return current;
    }

    /**
     * A copy of the throwable for printing, each message of its cause chain passed through
     * {@code message}: same class names (as text) and stack traces, suppressed ones left out.
     */
    public static Throwable reprinted(Throwable t, java.util.function.UnaryOperator<String> message) {
        return reprinted(t, message, 0);
    }

    private static Throwable reprinted(Throwable t, java.util.function.UnaryOperator<String> message, int depth) {
        Throwable cause = t.getCause() == null || t.getCause() == t || depth + 1 >= MAX_CAUSE_DEPTH ? null
                : reprinted(t.getCause(), message, depth + 1);
        Reprinted copy = new Reprinted(t.getClass().getName(),
                t.getMessage() == null ? null : message.apply(t.getMessage()), cause);
        copy.setStackTrace(t.getStackTrace());
        return copy;
    }

    /** A throwable that prints as another class did, for {@link #reprinted}. */
    private static final class Reprinted extends Throwable {
        private static final long serialVersionUID = 1L;
        private final String className;

        Reprinted(String className, String message, Throwable cause) {
            super(message, cause, false, true);
            this.className = className;
        }

        @Override
        public String toString() {
            return getMessage() == null ? className : className + ": " + getMessage();
        }
    }
}
