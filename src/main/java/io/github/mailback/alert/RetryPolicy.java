package io.github.mailback.alert;

/**
 * Timing of retries after a transient failure (nanoseconds): for at most {@code retryFor}, waiting
 * {@code firstBackoff} first and twice as long each time after, up to {@code maxBackoff}.
 */
record RetryPolicy(long retryFor, long firstBackoff, long maxBackoff) {
    /** The wait before attempt {@code attempt + 1} (attempts count from 1). */
    long backoff(int attempt) {
        long b = firstBackoff << Math.min(attempt - 1, 30);
        return b <= 0 || b > maxBackoff ? maxBackoff : b;
    }
}
