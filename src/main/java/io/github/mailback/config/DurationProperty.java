package io.github.mailback.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a duration property the way Logback's {@code Duration} does ({@code "5 seconds"},
 * {@code "2 minutes"}, a bare number being milliseconds), plus the short units people write:
 * {@code ms}, {@code s}, {@code min}, {@code h}, {@code d}, and ISO-8601 ({@code PT10S}), which
 * Spring Boot's properties also accept.
 */
public final class DurationProperty {
    private static final Pattern FORM = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([a-z]*)");

    private DurationProperty() {
    }

    /** The duration, or {@link IllegalArgumentException} saying what is wrong. */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no value");
        }
        String t = text.strip();
        if (t.length() > 1 && (t.charAt(0) == 'P' || t.charAt(0) == 'p')) {
            try {
                return Duration.parse(t);
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("'" + t + "' is not an ISO-8601 duration such as PT10S");
            }
        }
        Matcher m = FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not a duration such as 5 seconds or 500 ms");
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        String unit = m.group(2);
        long millisPerUnit = switch (unit) {
            case "", "ms", "milli", "millis", "millisecond", "milliseconds" -> 1L;
            case "s", "sec", "secs", "second", "seconds", "seconde", "secondes" -> 1_000L;
            case "m", "min", "mins", "minute", "minutes" -> 60_000L;
            case "h", "hour", "hours" -> 3_600_000L;
            case "d", "day", "days" -> 86_400_000L;
            default -> throw new IllegalArgumentException(
                    "'" + text.strip() + "' has an unknown unit; use ms, seconds, minutes, hours or days");
        };
        return Duration.ofMillis(amount.multiply(BigDecimal.valueOf(millisPerUnit)).longValue());
    }
}
