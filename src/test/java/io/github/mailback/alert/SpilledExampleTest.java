package io.github.mailback.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** However an event reached the sender, its group's example shows it in both parts, stack trace included. */
@Timeout(10)
class SpilledExampleTest {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    @Test
    void anErrorThatFoundTheInboxFullIsShownWithItsStackTraceInTheTextPart() {
        EngineFixture f = new EngineFixture(EngineFixture.defaultPolicy(), EngineFixture.rate(12, Duration.ofHours(1)), 5, 50, 2);
        f.log("com.shop.Payments", "payment {} timed out", 1);
        f.log("com.shop.Payments", "payment {} timed out", 2);
        ILoggingEvent fatal = f.event("com.shop.Main", "fatal: cannot open the ledger", new IllegalStateException(
                "ledger file is locked"));
        // As the appender hands it over when the inbox is full: no context snapshot.
        f.counters.triggered();
        assertEquals(false, f.inbox.offer(new Incident(fatal, List.of(), f.clock.now)));
        f.run(Duration.ofSeconds(6), Duration.ofSeconds(1));

        String text = f.transport.delivered.get(0).text();
        String example = text.substring(text.indexOf("example", text.indexOf("fatal: cannot open the ledger")));
        assertTrue(example.contains("ERROR com.shop.Main - fatal: cannot open the ledger"), text);
        assertTrue(example.contains("java.lang.IllegalStateException: ledger file is locked"), text);
        assertTrue(example.contains("\tat io.github.mailback.alert.SpilledExampleTest"), text);
    }

    @Test
    void aSpilledGroupIsReportedFromItsFirstEventToItsLatest() {
        EngineFixture f = new EngineFixture(EngineFixture.defaultPolicy(), EngineFixture.rate(12, Duration.ofHours(1)), 5, 50, 2);
        f.log("com.shop.Orders", "order {} failed", 1);
        f.log("com.shop.Orders", "order {} failed", 2);
        ILoggingEvent first = f.event("com.shop.Payments", "payment timed out", null);
        ILoggingEvent latest = f.event("com.shop.Payments", "payment timed out", null);
        ((LoggingEvent) latest).setTimeStamp(first.getTimeStamp() + 3_000);
        ILoggingEvent between = f.event("com.shop.Payments", "payment timed out", null);
        ((LoggingEvent) between).setTimeStamp(first.getTimeStamp() + 1_000);
        for (ILoggingEvent e : List.of(first, latest, between)) {
            assertFalse(f.inbox.hasRoom());
            f.counters.triggered();
            f.inbox.spill(e, f.clock.now); // as LoggingPath does when the inbox is full
        }
        f.run(Duration.ofSeconds(6), Duration.ofSeconds(1));

        String text = f.transport.delivered.get(0).text();
        Matcher m = Pattern.compile("NEW: 3 events from (\\S+ \\S+) to (\\S+ \\S+)").matcher(text);
        assertTrue(m.find(), text);
        assertEquals(Duration.ofSeconds(3), Duration.between(LocalDateTime.parse(m.group(1), TIME),
                LocalDateTime.parse(m.group(2), TIME)), m.group());
        assertEquals(5, f.counters.eventsReported(), "the two in the inbox and the three spilled");
    }

    @Test
    void theContextAlwaysEndsWithTheEventItself() {
        EngineFixture f = new EngineFixture();
        ILoggingEvent a = f.event("a", "first", null);
        ILoggingEvent b = f.event("b", "second", null);
        ILoggingEvent c = f.event("c", "third", null);
        assertEquals(List.of(a), new Incident(a, List.of(), 0).context());
        // Two threads triggered on one key: one drain took both events, the other found none.
        assertEquals(List.of(a, b), new Incident(b, List.of(a, b, c), 0).context());
        assertEquals(List.of(a, c), new Incident(c, List.of(a), 0).context());
    }
}
