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
}
