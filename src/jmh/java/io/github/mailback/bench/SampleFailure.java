package io.github.mailback.bench;

import java.net.SocketTimeoutException;

/**
 * The exception that every ERROR of the burst benchmarks carries, with a cause. Logback builds a
 * ThrowableProxy of both stack traces for each event, at a cost that grows with their depth and is
 * the same for every appender. Built on a thread of its own, so that the stack trace is the same few
 * frames whichever harness builds it: built in a JMH set-up method it had a dozen more, JMH's own,
 * which added about 400 ns to every appender's ERROR and made the JMH figures incomparable with
 * {@link BurstCost}'s.
 */
final class SampleFailure {
    private SampleFailure() {
    }

    static Exception create() {
        Exception[] made = new Exception[1];
        Thread maker = new Thread(() -> made[0] = new IllegalStateException("payment gateway unavailable",
                new SocketTimeoutException("Read timed out")), "sample-failure");
        maker.start();
        try {
            maker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the sample exception", e);
        }
        return made[0];
    }
}
