package io.github.mailback.alert;

/**
 * A token bucket: holds up to {@code capacity} tokens, starts full and gains one token every
 * {@code nanosPerToken}. Time comes from the caller (nanoTime values), so tests drive it without
 * sleeping. Not thread-safe: the sender thread owns it.
 */
final class TokenBucket {
    private final long capacity;
    private final long nanosPerToken;
    private long tokens;
    /** The instant the partial token being earned started accumulating. */
    private long refilledAt;

    public TokenBucket(long capacity, long nanosPerToken, long now) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        if (nanosPerToken < 1) {
            throw new IllegalArgumentException("nanosPerToken must be positive: " + nanosPerToken);
        }
        this.capacity = capacity;
        this.nanosPerToken = nanosPerToken;
        this.tokens = capacity;
        this.refilledAt = now;
    }

    /** Takes a token when one is available at {@code now}. */
    public boolean tryTake(long now) {
        refill(now);
        if (tokens > 0) {
            tokens--;
            return true;
        }
        return false;
    }

    /** The instant (nanoTime) at which a token will be available; {@code now} when one is already. */
    public long nextTokenAt(long now) {
        refill(now);
        return tokens > 0 ? now : refilledAt + nanosPerToken;
    }

    /** Tokens available at {@code now}. */
    public long available(long now) {
        refill(now);
        return tokens;
    }

    /** The start of the token being earned (nanoTime), for the spool. */
    long refilledAt() {
        return refilledAt;
    }

    /** Takes a state the spool kept: tokens left, and when the token being earned began (nanoTime). */
    void restore(long tokens, long refilledAt) {
        this.tokens = Math.max(0, Math.min(capacity, tokens));
        this.refilledAt = refilledAt;
    }

    private void refill(long now) {
        long elapsed = now - refilledAt;
        if (elapsed <= 0) {
            return;
        }
        if (tokens >= capacity) {
            // A full bucket earns nothing: the next token starts accumulating only once one is spent.
            refilledAt = now;
            return;
        }
        long earned = elapsed / nanosPerToken;
        if (earned > 0) {
            tokens = Math.min(capacity, tokens + earned);
            refilledAt = tokens >= capacity ? now : refilledAt + earned * nanosPerToken;
        }
    }
}
