package io.github.mailback.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mailback.smtp.Replies;
import io.github.mailback.smtp.SmtpException;
import io.github.mailback.smtp.SmtpOutcomeUnknownException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever happens (bursts, quiet spells, rate limits, transient, permanent and unknown failures,
 * overflowing inbox and digest), every triggering event ends up counted exactly once: reported in an
 * accepted email, uncertain, failed or lost; and a greylisted recipient never receives an email twice.
 */
class AccountingPropertyTest {

    /** One step of a scenario: log {@code count} events of error kind {@code kind}, then wait, maybe failing. */
    record Op(int kind, int count, int waitSeconds, int failure) {
    }

    @Provide
    Arbitrary<List<Op>> scenarios() {
        Arbitrary<Op> op = net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(0, 40), Arbitraries.integers().between(0, 400),
                Arbitraries.integers().between(0, 11)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 200)
    void everyTriggeringEventIsAccountedForExactlyOnce(@ForAll("scenarios") List<Op> ops) {
        // jqwik does not apply the JUnit timeout: each try gets its own.
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> check(ops));
    }

    private static final String OPS = "ops@example.com";
    private static final String GREY = "grey@example.com";

    private static long events(List<AlertEmail> emails) {
        return emails.stream().mapToLong(AlertEmail::events).sum();
    }

    private static void check(List<Op> ops) {
        EngineFixture f = new EngineFixture(EngineFixture.defaultPolicy(), EngineFixture.rate(6, Duration.ofHours(1)), 2, 4, 50);
        f.router = e -> List.of(OPS, GREY);
        for (Op op : ops) {
            switch (op.failure()) {
                case 1 -> f.transport.failures.add(new ConnectException("refused"));
                case 2 -> f.transport.failures.add(new SmtpException("busy", Replies.reply(451, null, "later")));
                case 3 -> f.transport.failures.add(new SmtpException("no", Replies.reply(550, null, "never")));
                case 4 -> f.transport.failures.add(new SmtpOutcomeUnknownException("reset after dot", null));
                case 5 -> f.transport.refuse.put(GREY, Replies.reply(450, "4.2.0", "greylisted"));
                case 6 -> f.transport.refuse.remove(GREY);
                default -> {
                }
            }
            for (int i = 0; i < op.count(); i++) {
                f.log("kind" + op.kind(), "error of kind " + op.kind());
            }
            f.run(Duration.ofSeconds(op.waitSeconds()), Duration.ofSeconds(1));
        }
        f.flush();

        AlertCounters c = f.counters;
        assertEquals(0, c.eventsHeld());
        assertEquals(c.triggeredEvents(), c.eventsReported() + c.eventsUncertain() + c.eventsFailed() + c.eventsLost(),
                c::toString);
        assertEquals(c.eventsReported(), f.transport.deliveredEvents());
        assertEquals(c.emailsSent(), f.transport.delivered.size());
        // Per mailbox: the one never refused got every reported event once; the greylisted one, once or not
        // at all, never twice however often its email was sent again.
        assertEquals(c.eventsReported(), events(f.transport.mailboxes.getOrDefault(OPS, List.of())));
        List<AlertEmail> grey = f.transport.mailboxes.getOrDefault(GREY, List.of());
        assertEquals(grey.size(), grey.stream().map(AlertEmail::messageId).distinct().count());
        assertTrue(events(grey) <= c.eventsReported());
    }
}
