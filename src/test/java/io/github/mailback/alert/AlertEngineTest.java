package io.github.mailback.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.mailback.smtp.Replies;
import io.github.mailback.smtp.SmtpException;
import io.github.mailback.smtp.SmtpOutcomeUnknownException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class AlertEngineTest {
    private static final Duration STEP = Duration.ofMillis(100);

    private static SmtpException transientFailure() {
        return new SmtpException("MAIL FROM refused", Replies.reply(421, "4.3.2", "try later"));
    }

    @Test
    void tenThousandIdenticalErrorsOverTwentySecondsGiveOneEmailThenOneOnStop() {
        EngineFixture f = new EngineFixture();
        for (int i = 0; i < 10_000; i++) {
            f.log("com.example.Db", "query failed for id {}", i);
            f.clock.advance(Duration.ofMillis(2));
            if (i % 50 == 0) {
                f.engine.step();
            }
        }
        f.run(Duration.ofSeconds(5), STEP);
        assertEquals(1, f.transport.delivered.size());
        assertTrue(f.transport.delivered.get(0).subject().startsWith("Db - query failed for id 0 on shop [+"),
                f.transport.delivered.get(0).subject());

        f.flush();
        assertEquals(2, f.transport.delivered.size());
        assertEquals(10_000, f.transport.deliveredEvents());
        assertEquals(10_000, f.counters.eventsReported());
        assertEquals(0, f.counters.eventsHeld());
        String second = f.transport.delivered.get(1).subject();
        assertTrue(second.matches(".*\\[\\+[0-9,]+ similar\\]"), second);
    }

    private static IllegalStateException failureInLookup() {
        return new IllegalStateException("boom");
    }

    private static IllegalStateException failureInSave() {
        return new IllegalStateException("boom");
    }

    @Test
    void errorsFromTwoPlacesStayTwoGroupsWhenTheyAlternate() {
        EngineFixture f = new EngineFixture();
        for (int i = 0; i < 10; i++) {
            f.log(f.event("a.A", "failed", failureInLookup()));
            f.log(f.event("a.A", "failed", failureInSave()));
        }
        f.flush();
        assertEquals("IllegalStateException: boom (AlertEngineTest.failureInLookup) on shop [+9 similar, +10 other]", f.transport.delivered.get(0).subject());
    }

    @Test
    void oneErrorThrownAgainAndAgainIsOneGroup() {
        EngineFixture f = new EngineFixture();
        for (int i = 0; i < 10; i++) {
            f.log(f.event("a.A", "failed", failureInLookup()));
        }
        f.log(f.event("a.A", "failed", failureInSave()));
        f.flush();
        assertEquals("IllegalStateException: boom (AlertEngineTest.failureInLookup) on shop [+9 similar, +1 other]", f.transport.delivered.get(0).subject());
    }

    @Test
    void theSubjectCountsTheSimilarEventsWithThousandsSeparators() {
        EngineFixture f = new EngineFixture();
        for (int i = 0; i < 10_000; i++) {
            f.log("com.example.Db", "query failed for id {}", i);
        }
        f.run(Duration.ofSeconds(6), STEP);
        assertEquals(1, f.transport.delivered.size());
        AlertEmail email = f.transport.delivered.get(0);
        assertEquals("Db - query failed for id 0 on shop [+9,999 similar]", email.subject());
        assertEquals(10_000, email.events());
    }

    @Test
    void aNewErrorDuringAFloodIsMailedWithinTheBatchWindowAndCarriesTheHeldCount() {
        EngineFixture f = new EngineFixture();
        for (int i = 0; i < 100; i++) {
            f.log("com.example.Db", "query failed");
        }
        f.run(Duration.ofSeconds(6), STEP);
        assertEquals(1, f.transport.delivered.size());

        // The flood goes on (held by its back-off) and a different error appears.
        for (int i = 0; i < 500; i++) {
            f.log("com.example.Db", "query failed");
        }
        f.run(Duration.ofSeconds(30), STEP);
        assertEquals(1, f.transport.delivered.size(), "the flood alone must wait for its back-off");
        f.log("com.example.Payments", "card service unreachable");
        f.run(Duration.ofSeconds(6), STEP);

        assertEquals(2, f.transport.delivered.size());
        AlertEmail second = f.transport.delivered.get(1);
        assertTrue(second.subject().startsWith("Payments - card service unreachable"), second.subject());
        assertTrue(second.subject().endsWith("[+500 other]"), second.subject());
        assertEquals(501, second.events());
        assertTrue(second.text().contains("NEW: 1 event"), second.text());
        assertTrue(second.text().contains("AGAIN: 500 more events"), second.text());
    }

    @Test
    void theRateLimitHoldsEmailsAndTheNextAllowedOneReportsWhatWasHeld() {
        EngineFixture f = new EngineFixture(EngineFixture.defaultPolicy(), EngineFixture.rate(1, Duration.ofHours(1)), 1, 50, 1000);
        f.log("a.A", "first problem");
        f.run(Duration.ofSeconds(6), STEP);
        assertEquals(1, f.transport.delivered.size());

        f.log("b.B", "second problem");
        f.log("c.C", "third problem");
        f.run(Duration.ofMinutes(30), Duration.ofSeconds(1));
        assertEquals(1, f.transport.delivered.size(), "no token for half an hour");
        assertTrue(f.counters.rateLimited() > 0);
        assertEquals(2, f.counters.eventsHeld());

        f.run(Duration.ofMinutes(31), Duration.ofSeconds(1));
        assertEquals(2, f.transport.delivered.size());
        assertEquals(2, f.transport.delivered.get(1).events());
        assertEquals(3, f.transport.deliveredEvents());
    }

    @Test
    void aGroupIsMailedAgainSoonerWhenItGrowsTenfold() {
        EngineFixture f = new EngineFixture();
        f.log("a.A", "slow disk");
        f.run(Duration.ofSeconds(6), STEP);
        assertEquals(1, f.transport.delivered.size());
        for (int i = 0; i < 10; i++) {
            f.log("a.A", "slow disk");
        }
        f.run(Duration.ofSeconds(50), Duration.ofSeconds(1));
        assertEquals(1, f.transport.delivered.size(), "growth alone waits growthMinInterval (1 minute)");
        f.run(Duration.ofSeconds(15), Duration.ofSeconds(1));
        assertEquals(2, f.transport.delivered.size());
        AlertEmail repeat = f.transport.delivered.get(1);
        assertEquals(10, repeat.events());
        assertEquals(f.transport.delivered.get(0).messageId(), repeat.inReplyTo(), "repeats thread under the first email");
        List<String> first = f.transport.delivered.get(0).references();
        assertEquals(1, first.size(), "a first email refers to its group's id only");
        assertTrue(first.get(0).matches("<mailback\\.group\\.[0-9a-f]{32}@example\\.com>"), first.get(0));
        assertEquals(List.of(first.get(0), f.transport.delivered.get(0).messageId()), repeat.references(),
                "the group's id, then this JVM's first email about it");
    }

    @Test
    void aRepeatWithoutGrowthWaitsForTheRepeatInterval() {
        EngineFixture f = new EngineFixture();
        f.log("a.A", "slow disk");
        f.run(Duration.ofSeconds(6), STEP);
        f.log("a.A", "slow disk");
        f.run(Duration.ofMinutes(9), Duration.ofSeconds(1));
        assertEquals(1, f.transport.delivered.size());
        f.run(Duration.ofMinutes(2), Duration.ofSeconds(1));
        assertEquals(2, f.transport.delivered.size());
    }

    /** Steps in 10 s increments until an email goes out; returns the clock then. */
    private static long runUntilEmail(EngineFixture f, Duration max) {
        int before = f.transport.delivered.size();
        long end = f.clock.now + max.toNanos();
        while (f.transport.delivered.size() == before) {
            if (f.clock.now > end) {
                throw new AssertionError("no email within " + max);
            }
            f.clock.advance(Duration.ofSeconds(10));
            f.engine.step();
        }
        return f.clock.now;
    }

    @Test
    void repeatsBackOffByDoublingAndAQuietSpellStartsOver() {
        EngineFixture f = new EngineFixture();
        f.log("a.A", "slow disk");
        long mailedAt = runUntilEmail(f, Duration.ofMinutes(1));
        // It keeps happening: repeats come 10, then 20, then 40 minutes after the previous email.
        for (long gap : new long[] {10, 20, 40}) {
            f.log("a.A", "slow disk");
            long next = runUntilEmail(f, Duration.ofHours(2));
            long minutes = Duration.ofNanos(next - mailedAt).toSeconds();
            assertTrue(minutes >= gap * 60 && minutes <= gap * 60 + 10, "repeat after " + minutes + " s, expected "
                    + gap + " min");
            mailedAt = next;
        }
        // Four quiet hours: the next occurrence is news again, mailed after the batch window.
        f.run(Duration.ofHours(4), Duration.ofMinutes(1));
        f.log("a.A", "slow disk");
        long start = f.clock.now;
        long next = runUntilEmail(f, Duration.ofMinutes(1));
        assertTrue(next - start <= Duration.ofSeconds(10).toNanos());
        // ...and the back-off started over: the following repeat comes after 10 minutes, not 80.
        f.log("a.A", "slow disk");
        long repeat = runUntilEmail(f, Duration.ofHours(2));
        long seconds = Duration.ofNanos(repeat - next).toSeconds();
        assertTrue(seconds >= 600 && seconds <= 610, "repeat after " + seconds + " s");
    }

    @Test
    void transientFailuresAreRetriedWithBackoffAndWhatArrivesMeanwhileJoinsTheSameEmail() {
        EngineFixture f = new EngineFixture();
        f.transport.failures.add(transientFailure());
        f.transport.failures.add(new ConnectException("Connection refused"));
        f.log("a.A", "boom");
        f.run(Duration.ofSeconds(5), STEP);
        assertEquals(1, f.transport.attempts.size());
        f.log("a.A", "boom");
        f.log("b.B", "bang");
        f.run(Duration.ofSeconds(10), STEP);

        assertEquals(3, f.transport.attempts.size(), "first try and two retries (1 s, then 2 s later)");
        assertEquals(1, f.transport.delivered.size());
        assertEquals(3, f.transport.delivered.get(0).events());
        assertEquals(2, f.counters.retries());
        assertEquals(2, f.counters.sendFailures());
        assertTrue(f.statuses.stream().anyMatch(s -> s.contains("421") && s.contains("try later")), f.statuses.toString());
    }

    @Test
    void retriesStopAfterRetryForAndTheEventsCountAsFailed() {
        EngineFixture f = new EngineFixture();
        f.transport.always = new ConnectException("Connection refused");
        f.log("a.A", "boom");
        f.log("a.A", "boom");
        f.run(Duration.ofMinutes(6), Duration.ofSeconds(1));

        assertEquals(2, f.counters.eventsFailed());
        assertEquals(0, f.counters.eventsHeld());
        int attempts = f.transport.attempts.size();
        assertTrue(attempts >= 5 && attempts <= 15, "exponential back-off, bounded: " + attempts);
        assertTrue(f.statuses.stream().anyMatch(s -> s.startsWith("ERROR Gave up mailing 2")), f.statuses.toString());

        f.transport.always = null;
        f.log("a.A", "boom");
        f.run(Duration.ofSeconds(6), STEP);
        assertEquals(1, f.transport.delivered.size(), "mailing resumes for new events");
    }

    @Test
    void oneRouteRetryingDoesNotHoldBackAnotherRoute() {
        EngineFixture f = new EngineFixture();
        Route payments = new Route(List.of("payments@example.com"));
        f.router = e -> e.getLoggerName().startsWith("pay") ? payments.to() : EngineFixture.ROUTE.to();
        f.transport.failingRoute = payments;
        f.log("pay.Refunds", "refund failed");
        f.run(Duration.ofMillis(5_500), STEP);
        assertEquals(1, f.transport.attempts.size(), "the first try, after the batch window");
        // The payments route is backing off; an error for the other route is mailed after its own batch window.
        f.log("ops.Disk", "disk full");
        f.run(Duration.ofSeconds(6), STEP);

        assertEquals(List.of(EngineFixture.ROUTE), f.transport.delivered.stream().map(AlertEmail::route).toList());
        assertTrue(f.transport.attempts.size() >= 4, "payments retried meanwhile: " + f.transport.attempts.size());
        assertEquals(1, f.counters.eventsHeld(), () -> "the refund still waits for its retry: " + f.counters + " " + f.transport.attempts.size() + " " + f.statuses);
    }

    /** At shutdown the routes take turns at each back-off step: a dead route cannot use up the time. */
    @Test
    void theFinalFlushTakesTheRoutesInTurnSoADeadOneDoesNotStarveALiveOne() {
        EngineFixture f = new EngineFixture();
        Route payments = new Route(List.of("payments@example.com"));
        f.router = e -> e.getLoggerName().startsWith("pay") ? payments.to() : EngineFixture.ROUTE.to();
        f.transport.failingRoute = payments;
        f.log("pay.Refunds", "refund failed"); // its route is pending first, and never works
        f.log("ops.Disk", "disk full");
        f.transport.failures.add(transientFailure()); // the live route's first try fails too
        f.flush();

        assertEquals(List.of(EngineFixture.ROUTE), f.transport.delivered.stream().map(AlertEmail::route).toList(),
                () -> f.transport.attempts.stream().map(a -> a.route().to().get(0)).toList().toString());
        assertEquals(1, f.counters.eventsLost(), "the refund alone is lost");
        List<String> order = f.transport.attempts.stream().map(a -> a.route().to().get(0)).toList();
        assertEquals(List.of("payments@example.com", "ops@example.com", "payments@example.com", "ops@example.com"),
                order.subList(0, 4), "in turn: " + order);
    }

    @Test
    void anIncidentTimedInTheFutureByAWallClockStepIsTakenAsLoggedNow() {
        EngineFixture f = new EngineFixture();
        ILoggingEvent e = f.event("a.A", "boom", null);
        f.counters.triggered();
        f.inbox.offer(new Incident(e, List.of(e), f.clock.now + Duration.ofHours(1).toNanos()));
        f.run(Duration.ofSeconds(6), STEP);
        assertEquals(1, f.transport.delivered.size(), "mailed after the batch window, not an hour later");
    }

    @Test
    void aPermanentRefusalIsReportedAndNotRetried() {
        EngineFixture f = new EngineFixture();
        f.transport.failures.add(new SmtpException("DATA refused", Replies.reply(554, "5.7.1", "spam")));
        f.log("a.A", "boom");
        f.run(Duration.ofMinutes(2), Duration.ofSeconds(1));
        assertEquals(1, f.transport.attempts.size());
        assertEquals(1, f.counters.eventsFailed());
        assertTrue(f.statuses.stream().anyMatch(s -> s.startsWith("ERROR") && s.contains("554")), f.statuses.toString());
    }

    @Test
    void anUnknownOutcomeAfterTheFinalDotIsSentOnceMoreTheSameEmail() {
        EngineFixture f = new EngineFixture();
        f.transport.failures.add(new SmtpOutcomeUnknownException("connection reset after the final dot", null));
        f.transport.failures.add(new SmtpOutcomeUnknownException("and again", null));
        f.log("a.A", "boom");
        f.run(Duration.ofSeconds(6), Duration.ofSeconds(1));
        assertEquals(2, f.transport.attempts.size(), "sent once more at once");
        assertSame(f.transport.attempts.get(0), f.transport.attempts.get(1), "the same email: same Message-ID, same bytes");
        assertEquals(1, f.counters.eventsUncertain(), "twice unknown: uncertain, and not sent a third time");
        f.run(Duration.ofMinutes(10), Duration.ofSeconds(1));
        assertEquals(2, f.transport.attempts.size());
        assertEquals(0, f.counters.eventsHeld());
    }

    @Test
    void anUnknownOutcomeFollowedByADeliveryCountsTheEventsAsReported() {
        EngineFixture f = new EngineFixture();
        f.transport.failures.add(new SmtpOutcomeUnknownException("connection reset after the final dot", null));
        f.log("a.A", "boom");
        f.run(Duration.ofSeconds(6), Duration.ofSeconds(1));
        assertEquals(1, f.transport.delivered.size());
        assertEquals(f.transport.attempts.get(0).messageId(), f.transport.delivered.get(0).messageId());
        assertEquals(0, f.counters.eventsUncertain());
        assertEquals(1, f.counters.eventsReported());
        assertEquals(1, f.counters.emailsSent());
    }

    @Test
    void theFinalFlushSendsEverythingPendingDespiteBatchWindowAndRateLimit() {
        EngineFixture f = new EngineFixture(EngineFixture.defaultPolicy(), EngineFixture.rate(1, Duration.ofDays(1)), 1, 50, 1000);
        f.log("a.A", "one");
        f.run(Duration.ofSeconds(6), STEP);
        f.log("b.B", "two");
        f.log("c.C", "three");
        f.engine.step();
        assertEquals(1, f.transport.delivered.size());
        f.flush();
        assertEquals(2, f.transport.delivered.size());
        assertEquals(2, f.transport.delivered.get(1).events());
        assertEquals(0, f.counters.eventsLost());
    }

    @Test
    void theFinalFlushRetriesUntilItsDeadlineThenCountsTheRestAsLost() {
        EngineFixture f = new EngineFixture();
        f.transport.always = new ConnectException("Connection refused");
        f.log("a.A", "one");
        f.log("a.A", "one");
        f.flush();
        assertTrue(f.transport.attempts.size() >= 3, "retried: " + f.transport.attempts.size());
        assertEquals(2, f.counters.eventsLost());
        assertEquals(0, f.counters.eventsHeld());
    }

    @Test
    void errorsBeyondMaxGroupsAreCountedAndReportedByNumber() {
        EngineFixture f = new EngineFixture(EngineFixture.defaultPolicy(), EngineFixture.rate(12, Duration.ofHours(1)), 5, 2, 1000);
        f.log("a.A", "one");
        f.log("b.B", "two");
        f.log("c.C", "three");
        f.log("d.D", "four");
        f.run(Duration.ofSeconds(6), STEP);
        assertEquals(1, f.transport.delivered.size());
        AlertEmail email = f.transport.delivered.get(0);
        assertEquals(4, email.events());
        assertTrue(email.text().contains("Plus 2 error events not kept in detail"), email.text());
        assertEquals("A - one on shop [+1 other, +2 more]", email.subject());
    }

    @Test
    void incidentsRefusedByAFullInboxKeepTheirGroup() {
        EngineFixture f = new EngineFixture(EngineFixture.defaultPolicy(), EngineFixture.rate(12, Duration.ofHours(1)), 5, 50, 10);
        for (int i = 0; i < 25; i++) {
            f.log("a.A", "boom");
        }
        // The inbox (10) is full: a different error, then the fatal one, arrive while the sender is busy.
        f.log("b.Stock", "stock records inconsistent");
        f.log("c.App", "journal not writable; exiting");
        assertEquals(17, f.inbox.overflowCount());
        f.run(Duration.ofSeconds(6), STEP);

        assertEquals(1, f.transport.delivered.size());
        AlertEmail email = f.transport.delivered.get(0);
        assertEquals(27, email.events());
        assertEquals("A - boom on shop [+24 similar, +2 other]", email.subject());
        assertTrue(email.text().contains("stock records inconsistent"), email.text());
        assertTrue(email.text().contains("journal not writable; exiting"), email.text());
        assertEquals(17, f.counters.inboxOverflow());
    }

    @Test
    void sameRootCauseFromDifferentLinesIsOneGroup() throws IOException {
        EngineFixture f = new EngineFixture();
        f.log(f.event("a.A", "failed", new IllegalStateException("x", new java.io.IOException("disk"))));
        f.log(f.event("a.A", "failed again", new IllegalStateException("y", new java.io.IOException("disk"))));
        f.run(Duration.ofSeconds(6), STEP);
        assertEquals(1, f.transport.delivered.size());
        assertTrue(f.transport.delivered.get(0).subject().endsWith("[+1 similar]"), f.transport.delivered.get(0).subject());
    }

    /** The order-service demo's last email: the error logged before System.exit, not the flood, speaks for it. */
    @Test
    void theFatalErrorLoggedLastHeadsTheFinalDigestBeforeABiggerNewGroup() {
        EngineFixture f = new EngineFixture();
        for (int i = 0; i < 500; i++) {
            f.log("com.shop.Payments", "authorization {} timed out", i);
        }
        f.clock.advance(Duration.ofMillis(20));
        f.log(f.event("com.shop.App", "journal not writable; stopping", new java.io.IOException("No space left on device")));
        f.flush();
        assertEquals(1, f.transport.delivered.size());
        String subject = f.transport.delivered.get(0).subject();
        assertTrue(subject.startsWith("IOException: No space left on device (AlertEngineTest.theFatalError"), subject);
        assertTrue(subject.endsWith(" on shop [+500 other]"), subject);
    }

    /**
     * Events that found the inbox full and fitted in no spill group join the latest recipients' email;
     * when no event has had recipients yet, they are counted as failed, not left unaccounted.
     */
    @Test
    void ungroupedSpilledEventsWithNoRecipientsYetAreCountedAsFailed() {
        EngineFixture f = new EngineFixture(EngineFixture.defaultPolicy(), EngineFixture.rate(12, Duration.ofHours(1)), 5, 50, 2);
        f.router = e -> List.of(); // no event has recipients (say, a to pattern on an MDC key never set)
        f.log("com.shop.A", "a failed");
        f.log("com.shop.B", "b failed");
        int spilled = Spill.MAX_GROUPS + 3;
        for (int i = 0; i < spilled; i++) {
            f.counters.triggered();
            f.inbox.spill(f.event("com.shop.G" + i, "failure " + i, null), f.clock.now);
        }
        f.run(Duration.ofSeconds(6), Duration.ofSeconds(1));

        assertEquals(2 + spilled, f.counters.triggeredEvents());
        assertEquals(2 + spilled, f.counters.eventsFailed(), f.statuses.toString());
        assertEquals(0, f.counters.eventsUnaccounted());
        assertTrue(f.statuses.contains("ERROR 3 error event(s) that found the inbox full and fitted in no group not "
                + "mailed: no error event so far had recipients"), f.statuses.toString());
        assertTrue(f.transport.delivered.isEmpty());
    }

    /** A digest too big for the memory left is dropped, and the sender carries on with the next error. */
    @Test
    void anOutOfMemoryErrorWhileSendingDropsThatEmailAndTheNextErrorIsMailed() {
        EngineFixture f = new EngineFixture();
        f.transport.unchecked.add(new OutOfMemoryError("test: Java heap space"));
        f.log("a.A", "first");
        f.run(Duration.ofSeconds(6), STEP);
        assertEquals(1, f.counters.eventsFailed());
        assertTrue(f.statuses.stream().anyMatch(s -> s.startsWith("ERROR Could not mail 1 error event(s), not retried: "
                + "java.lang.OutOfMemoryError")), f.statuses::toString);
        f.log("a.B", "second");
        f.run(Duration.ofSeconds(6), STEP);
        assertEquals(1, f.transport.delivered.size());
        assertTrue(f.transport.delivered.get(0).subject().startsWith("B - second"), f.transport.delivered.get(0).subject());
        assertEquals(1, f.counters.eventsReported());
    }

    /** A refused OAuth token: the alert is kept, and no token or AUTH is asked for five minutes. */
    @Test
    void aRefusedTokenHoldsEverySendForFiveMinutesAndTheAlertIsKept() {
        EngineFixture f = new EngineFixture();
        SmtpException refused = new SmtpException("the server refused the OAuth 2.0 token",
                Replies.reply(535, "5.7.3", "Authentication unsuccessful"), true, null);
        f.transport.failures.add(refused);
        f.log("a.A", "first");
        f.run(Duration.ofSeconds(6), STEP);
        assertEquals(1, f.transport.attempts.size());
        assertTrue(f.statuses.stream().anyMatch(s -> s.startsWith("WARN Could not mail 1 error event(s), will retry in "
                + "300 s: ")), f.statuses::toString);
        f.log("b.B", "another error meanwhile");
        f.run(Duration.ofMinutes(4), STEP);
        assertEquals(1, f.transport.attempts.size(), "no attempt while held");
        f.run(Duration.ofMinutes(2), STEP);
        assertEquals(2, f.transport.attempts.size(), "one more attempt, after the hold");
        assertEquals(1, f.transport.delivered.size());
        assertEquals(2, f.counters.eventsReported(), "both mailed once the hold ended, none dropped");
        assertEquals(0, f.counters.eventsFailed());
    }
}
