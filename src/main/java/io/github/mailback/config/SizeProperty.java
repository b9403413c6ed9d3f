package io.github.mailback.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a size property like Logback's {@code FileSize}: {@code 10 MB}, {@code 512 KB}, a bare number of bytes. */
public final class SizeProperty {
    private static final Pattern FORM = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(b|kb|mb|gb)?");
    /** Below this a spool cannot hold a single group with its example. */
    static final long MIN = 64 * 1024;

    private SizeProperty() {
    }

    /** The size in bytes, or {@link IllegalArgumentException} saying what is wrong. */
    public static long parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no value");
        }
        Matcher m = FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not a size such as 10 MB or 512 KB");
        }
        long unit = m.group(2) == null ? 1 : switch (m.group(2)) {
            case "kb" -> 1L << 10;
            case "mb" -> 1L << 20;
            case "gb" -> 1L << 30;
            default -> 1;
        };
        long bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)).longValue();
        if (bytes < MIN) {
            throw new IllegalArgumentException("must be at least 64 KB: " + text.strip());
        }
        return bytes;
    }
}
