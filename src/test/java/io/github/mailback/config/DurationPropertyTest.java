package io.github.mailback.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.mailback.SmtpAppender;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationPropertyTest {
    @Test
    void readsLogbackFormsAndShortUnits() {
        assertEquals(Duration.ofSeconds(5), DurationProperty.parse("5 seconds"));
        assertEquals(Duration.ofSeconds(1), DurationProperty.parse("1 second"));
        assertEquals(Duration.ofMillis(500), DurationProperty.parse("500 ms"));
        assertEquals(Duration.ofMillis(500), DurationProperty.parse("500 milliseconds"));
        assertEquals(Duration.ofMillis(250), DurationProperty.parse("250"));
        assertEquals(Duration.ofMillis(1500), DurationProperty.parse("1.5 s"));
        assertEquals(Duration.ofMinutes(2), DurationProperty.parse("2 minutes"));
        assertEquals(Duration.ofHours(4), DurationProperty.parse("4 HOURS"));
        assertEquals(Duration.ofDays(1), DurationProperty.parse("1 day"));
    }

    /** docs/configuration.md's defaults: connectTimeout 5 seconds, timeout 10 seconds. */
    @Test
    void readsIso8601AsSpringBootPropertiesAllow() {
        assertEquals(Duration.ofSeconds(10), DurationProperty.parse("PT10S"));
        assertEquals(Duration.ofMinutes(90), DurationProperty.parse(" pt1h30m "));
        assertEquals(Duration.ofDays(2), DurationProperty.parse("P2D"));
        assertEquals(Duration.ofSeconds(10), DurationProperty.parse("10s"), "Spring's short form is a short unit here");
    }

    @Test
    void theTimeoutPropertiesDefaultToTheDocumentedValues() {
        SmtpAppender appender = new SmtpAppender();
        assertEquals(Duration.ofSeconds(5), DurationProperty.parse(appender.getConnectTimeout()));
        assertEquals(Duration.ofSeconds(10), DurationProperty.parse(appender.getTimeout()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "5 fortnights", "-1 s", "s", "P", "PT", "P1X", "PT10"})
    void refusesWhatIsNotADuration(String text) {
        assertThrows(IllegalArgumentException.class, () -> DurationProperty.parse(text));
    }
}
