package io.github.mailback.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs of an engine on one spool, each a fresh engine on a clock of its own, as after a kill (the previous
 * run's lock released, nothing flushed): times come back on the new clock whatever the wall clock did.
 */
@Timeout(30)
class PersistenceTest {
    private static final Duration STEP = Duration.ofMillis(500);
    private static final long MAX_BYTES = 10 << 20;

    @TempDir
    Path dir;
    /** The wall clock, epoch milliseconds, moved by the tests between runs. */
    private final AtomicLong wall = new AtomicLong(1_800_000_000_000L);

    /** A run killed after {@code d}: its spool stays as it was last written, its lock goes. */
    private void killedAfter(EngineFixture f, Duration d) {
        f.run(d, STEP);
        wall.addAndGet(d.toMillis());
        f.kill();
    }

    private Persistence open(EngineFixture f) throws IOException {
        return f.spool(dir, wall::get, MAX_BYTES);
    }

    @Test
    void aClockSteppedBackADayNeitherHoldsTheErrorsNorMailsThemEarly() throws Exception {
        EngineFixture first = new EngineFixture();
        open(first);
        first.log("com.shop.Orders", "payment failed");
        killedAfter(first, Duration.ofSeconds(2)); // inside the 5 s batch window: nothing mailed yet
        assertEquals(0, first.transport.attempts.size());

        wall.addAndGet(-Duration.ofDays(1).toMillis());
        EngineFixture second = new EngineFixture();
        open(second);
        assertEquals(1, second.counters.spoolRecovered.get());
        second.run(Duration.ofSeconds(6), STEP); // a time from "the future" is taken as now: the window, then the email
        assertEquals(1, second.transport.delivered.size(), second.statuses.toString());
        assertEquals(1, second.transport.deliveredEvents());
    }

    @Test
    void aClockSteppedForwardAYearMailsOnceNotEverythingAtOnce() throws Exception {
        EngineFixture first = new EngineFixture();
        open(first);
        for (int i = 0; i < 30; i++) {
            first.log("com.shop.Orders" + i, "payment failed");
        }
        killedAfter(first, Duration.ofSeconds(1));

        wall.addAndGet(Duration.ofDays(365).toMillis());
        EngineFixture second = new EngineFixture();
        open(second);
        second.run(Duration.ofSeconds(1), STEP);
        assertEquals(1, second.transport.delivered.size(), "one digest for the route, at once");
        assertEquals(30, second.transport.deliveredEvents());
    }

    @Test
    void aRetryGoesOnAfterALongDowntimeWithTheTimeItHadLeft() throws Exception {
        EngineFixture first = new EngineFixture(); // retryFor 5 minutes
        first.transport.always = new java.net.ConnectException("Connection refused");
        open(first);
        first.log("com.shop.Orders", "payment failed");
        killedAfter(first, Duration.ofMinutes(3));
        assertTrue(first.transport.attempts.size() > 1, "retried");

        wall.addAndGet(Duration.ofDays(2).toMillis()); // down for two days: retryFor counts JVM time only
        EngineFixture second = new EngineFixture();
        open(second);
        second.run(Duration.ofSeconds(2), STEP);
        assertEquals(1, second.transport.delivered.size(), second.statuses.toString());
        assertEquals(0, second.counters.eventsFailed.get());
    }

    @Test
    void aRetryThatHadUsedItsTimeGivesUpSoonAfterTheRestart() throws Exception {
        EngineFixture first = new EngineFixture();
        first.transport.always = new java.net.ConnectException("Connection refused");
        open(first);
        first.log("com.shop.Orders", "payment failed");
        killedAfter(first, Duration.ofMinutes(4).plusSeconds(50));

        EngineFixture second = new EngineFixture();
        second.transport.always = new java.net.ConnectException("Connection refused");
        open(second);
        second.run(Duration.ofMinutes(2), STEP);
        assertEquals(1, second.counters.eventsFailed.get(), "retryFor spent across both runs: " + second.statuses);
    }

    @Test
    void aGreylistedRecipientGetsTheSameEmailAfterARestartAndTheOtherNothingMore() throws Exception {
        EngineFixture first = new EngineFixture();
        first.router = e -> java.util.List.of("ops@example.com", "grey@example.com");
        first.transport.refuse.put("grey@example.com",
                io.github.mailback.smtp.Replies.reply(450, "4.2.0", "greylisted, try again later"));
        open(first);
        first.log("com.shop.Orders", "payment failed");
        killedAfter(first, Duration.ofSeconds(7));
        assertEquals(java.util.List.of("ops@example.com"), java.util.List.copyOf(first.transport.mailboxes.keySet()));

        EngineFixture second = new EngineFixture();
        second.router = e -> java.util.List.of("ops@example.com", "grey@example.com");
        open(second);
        second.run(Duration.ofSeconds(2), STEP);
        assertEquals(java.util.List.of(java.util.List.of("grey@example.com")), second.transport.envelopes);
        assertEquals(first.transport.attempts.get(0).messageId(), second.transport.attempts.get(0).messageId(),
                "the same email");
        assertEquals(1, second.counters.spoolResent.get());
    }

    @Test
    void theRecipientsOfTheRunThatReadsTheSpoolWinAndAGroupWithoutAnyIsCountedAsFailed() throws Exception {
        EngineFixture first = new EngineFixture();
        open(first);
        first.log("com.shop.Orders", "payment failed");
        first.log("com.shop.Refunds", "refund failed");
        killedAfter(first, Duration.ofSeconds(1));

        EngineFixture second = new EngineFixture();
        // The configuration changed: orders go to the payments team, refunds to nobody any more.
        second.router = e -> e.getLoggerName().equals("com.shop.Orders") ? java.util.List.of("payments@example.com")
                : null;
        open(second);
        second.run(Duration.ofSeconds(6), STEP);
        assertEquals(java.util.List.of(java.util.List.of("payments@example.com")), second.transport.envelopes);
        assertEquals(1, second.counters.eventsFailed.get());
        assertEquals(0, second.counters.eventsUnaccounted(), second.counters.toString());
    }
}
