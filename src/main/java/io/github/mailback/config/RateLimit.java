package io.github.mailback.config;

import java.time.Duration;
import java.util.Locale;

/** A number of emails per period, written like {@code 12/hour}; units second, minute, hour, day. */
final class RateLimit {
    private final long count;
    private final Duration period;

    private RateLimit(long count, Duration period) {
        this.count = count;
        this.period = period;
    }

    /** A limit of {@code count} per {@code period}. */
    public static RateLimit of(long count, Duration period) {
        if (count <= 0) {
            throw new IllegalArgumentException("rate limit count must be positive: " + count);
        }
        if (period == null || period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("rate limit period must be positive: " + period);
        }
        return new RateLimit(count, period);
    }

    /**
     * Parses {@code N/unit} (spaces allowed, unit singular or plural, case-insensitive), for example
     * {@code 12/hour}, {@code 1 / minute}, {@code 100/days}. Throws {@link IllegalArgumentException}
     * saying what is wrong.
     */
    public static RateLimit parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty rate limit; expected N/unit such as 12/hour");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("rate limit '" + text.strip() + "' is not N/unit such as 12/hour");
        }
        long count;
        try {
            count = Long.parseLong(text.substring(0, slash).strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("rate limit '" + text.strip() + "' does not start with a whole number");
        }
        String unit = text.substring(slash + 1).strip().toLowerCase(Locale.ROOT);
        if (unit.endsWith("s")) {
            unit = unit.substring(0, unit.length() - 1);
        }
        Duration period = switch (unit) {
            case "second", "sec" -> Duration.ofSeconds(1);
            case "minute", "min" -> Duration.ofMinutes(1);
            case "hour", "h" -> Duration.ofHours(1);
            case "day", "d" -> Duration.ofDays(1);
            default -> throw new IllegalArgumentException(
                    "rate limit '" + text.strip() + "' has an unknown unit; use second, minute, hour or day");
        };
        return of(count, period);
    }

    /** Nanoseconds between two tokens at this rate (at least 1). */
    public long nanosPerToken() {
        return Math.max(1, period.toNanos() / count);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RateLimit r && r.count == count && r.period.equals(period);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(count) * 31 + period.hashCode();
    }

    @Override
    public String toString() {
        String unit = period.equals(Duration.ofSeconds(1)) ? "second" : period.equals(Duration.ofMinutes(1)) ? "minute"
                : period.equals(Duration.ofHours(1)) ? "hour" : period.equals(Duration.ofDays(1)) ? "day"
                : period.toString();
        return count + "/" + unit;
    }
}
