package io.github.mailback.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RateLimitTest {
    @Test
    void parsesEachUnitSingularOrPluralWithSpaces() {
        assertEquals(RateLimit.of(12, Duration.ofHours(1)), RateLimit.parse("12/hour"));
        assertEquals(RateLimit.of(1, Duration.ofMinutes(1)), RateLimit.parse(" 1 / minute "));
        assertEquals(RateLimit.of(5, Duration.ofSeconds(1)), RateLimit.parse("5/SECONDS"));
        assertEquals(RateLimit.of(100, Duration.ofDays(1)), RateLimit.parse("100/days"));
        assertEquals("12/hour", RateLimit.parse("12/hours").toString());
    }

    @Test
    void tokensAreSpreadEvenlyOverThePeriod() {
        assertEquals(Duration.ofMinutes(5).toNanos(), RateLimit.parse("12/hour").nanosPerToken());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "12", "12/fortnight", "x/hour", "0/hour", "-1/hour", "12/", "/hour"})
    void refusesWhatIsNotPositiveCountPerKnownUnit(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RateLimit.parse(text));
        assertTrue(e.getMessage().contains("rate limit"), e.getMessage());
    }
}
