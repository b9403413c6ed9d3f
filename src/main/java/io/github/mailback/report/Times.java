package io.github.mailback.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The times an email shows, in the JVM's zone: the same formats in the text part and the HTML part. */
public final class Times {
    private static final DateTimeFormatter PRECISE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter ZONE = DateTimeFormatter.ofPattern("zzz", Locale.ROOT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss", Locale.ROOT);

    private final ZoneId zone;

    public Times(ZoneId zone) {
        this.zone = zone;
    }

    /** {@code 2026-11-26 22:40:01.234}, as the default layout writes an event's time. */
    public String precise(long millis) {
        return PRECISE.format(at(millis));
    }

    /** {@code 2026-11-26 22:40:01 UTC}. */
    public String full(long millis) {
        return FULL.format(at(millis)) + " " + zoneName(millis);
    }

    /** From first to last, the day once when it is one, with the zone and the duration; one time when they are equal. */
    public String span(long first, long last) {
        if (last <= first) {
            return full(first);
        }
        String end = sameDay(first, last) ? TIME.format(at(last)) : FULL.format(at(last));
        return FULL.format(at(first)) + " \u2013 " + end + " " + zoneName(last) + " ("
                + duration(Duration.ofMillis(last - first)) + ")";
    }

    /** {@code 22:40:01}, or {@code 11-26 22:40:01} when the times shown with it span several days. */
    public String clock(long millis, boolean oneDay) {
        return (oneDay ? TIME : DAY_TIME).format(at(millis));
    }

    public boolean sameDay(long a, long b) {
        return at(a).toLocalDate().equals(at(b).toLocalDate());
    }

    /** The zone's short name; "UTC" rather than ISO's "Z". */
    private String zoneName(long millis) {
        String z = ZONE.format(at(millis));
        return z.equals("Z") ? "UTC" : z;
    }

    private ZonedDateTime at(long millis) {
        return Instant.ofEpochMilli(millis).atZone(zone);
    }

    /** A short human duration: {@code 850 ms}, {@code 12 s}, {@code 3 min 5 s}, {@code 2 h 10 min}, {@code 3 d 4 h}. */
    public static String duration(Duration d) {
        long s = d.getSeconds();
        if (s < 1) {
            return d.toMillis() + " ms";
        }
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        if (s < 86_400) {
            return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
        }
        return s / 86_400 + " d" + (s % 86_400 / 3600 == 0 ? "" : " " + s % 86_400 / 3600 + " h");
    }
}
