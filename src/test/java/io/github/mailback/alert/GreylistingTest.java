package io.github.mailback.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mailback.smtp.Replies;
import io.github.mailback.smtp.SmtpReply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11, part 5: a recipient refused for now (4xx) while another took the email gets it again, in a
 * transaction to that recipient alone, within retryFor. The fixture's retryFor is 5 minutes.
 */
@Timeout(10)
class GreylistingTest {
    private static final String OPS = "ops@example.com";
    private static final String GREY = "grey@example.com";
    private static final SmtpReply GREYLISTED = Replies.reply(450, "4.2.0", "greylisted, try again later");

    private final EngineFixture f = new EngineFixture();

    @BeforeEach
    void twoRecipients() {
        f.router = e -> List.of(OPS, GREY);
    }

    private boolean hasStatus(String level, String text) {
        return f.statuses.stream().anyMatch(s -> s.startsWith(level) && s.contains(text));
    }

    @Test
    void theGreylistedRecipientAloneGetsTheSameEmailOnceItsServerAcceptsIt() {
        f.transport.refuse.put(GREY, GREYLISTED);
        f.log("app", "boom");
        f.run(Duration.ofSeconds(6), Duration.ofSeconds(1));
        assertEquals(List.of(OPS, GREY), f.transport.envelopes.get(0));
        assertTrue(hasStatus("WARN", "for now"), f.statuses.toString());

        f.run(Duration.ofSeconds(200), Duration.ofSeconds(1)); // Postgrey's delay is 300 s
        assertTrue(f.transport.envelopes.size() > 2, "retried meanwhile: " + f.transport.envelopes);
        f.transport.refuse.remove(GREY);
        f.run(Duration.ofSeconds(120), Duration.ofSeconds(1));

        List<List<String>> resends = f.transport.envelopes.subList(1, f.transport.envelopes.size());
        assertTrue(resends.stream().allMatch(List.of(GREY)::equals), "only the refused recipient: " + resends);
        AlertEmail sent = f.transport.mailboxes.get(OPS).get(0);
        assertEquals(List.of(sent), f.transport.mailboxes.get(GREY), "the same email, once");
        int attempts = f.transport.envelopes.size();
        f.run(Duration.ofMinutes(10), Duration.ofSeconds(1));
        assertEquals(attempts, f.transport.envelopes.size(), "nothing more once delivered");
        assertEquals(1, f.counters.emailsSent());
        assertEquals(1, f.counters.eventsReported());
        assertEquals(0, f.counters.eventsFailed());
    }

    @Test
    void retriesStopAfterRetryForWithAnErrorNamingTheRecipient() {
        f.transport.refuse.put(GREY, GREYLISTED);
        f.log("app", "boom");
        f.run(Duration.ofMinutes(8), Duration.ofSeconds(1));
        int attempts = f.transport.envelopes.size();
        assertTrue(hasStatus("ERROR", "Gave up mailing [" + GREY + "] after retrying for"), f.statuses.toString());
        f.run(Duration.ofMinutes(10), Duration.ofSeconds(1));
        assertEquals(attempts, f.transport.envelopes.size(), "no retry after retryFor");
        assertTrue(f.transport.mailboxes.get(GREY) == null);
        // The events reached the other recipient: reported, not failed.
        assertEquals(1, f.counters.eventsReported());
        assertEquals(0, f.counters.eventsFailed());
    }

    @Test
    void aRecipientRefusedForGoodIsNotRetried() {
        f.transport.refuse.put(GREY, Replies.reply(550, "5.1.1", "no such user"));
        f.log("app", "boom");
        f.run(Duration.ofMinutes(10), Duration.ofSeconds(1));
        assertEquals(1, f.transport.envelopes.size(), f.transport.envelopes.toString());
        assertTrue(hasStatus("ERROR", "<" + GREY + "> for good"), f.statuses.toString());
    }

    @Test
    void theShutdownTriesTheGreylistedRecipientOnceMore() {
        f.transport.refuse.put(GREY, GREYLISTED);
        f.log("app", "boom");
        f.run(Duration.ofSeconds(6), Duration.ofSeconds(1));
        f.transport.refuse.remove(GREY);
        f.flush();
        assertEquals(1, f.transport.mailboxes.get(GREY).size());
        assertEquals(List.of(GREY), f.transport.envelopes.get(f.transport.envelopes.size() - 1));
    }

    /** The resend follows the first attempt's rule: a failure that is a bug is not retried, at every back-off, forever. */
    @Test
    void aResendThatFailsOnABugIsNotRetried() {
        f.transport.refuse.put(GREY, GREYLISTED);
        f.log("app", "boom");
        f.run(Duration.ofSeconds(6), Duration.ofSeconds(1));
        int before = f.transport.envelopes.size();
        assertTrue(before >= 1, f.transport.envelopes::toString);
        f.transport.unchecked.add(new IllegalStateException("test: a bug in the resend"));
        f.run(Duration.ofMinutes(9), Duration.ofSeconds(1));
        assertEquals(before + 1, f.transport.envelopes.size(), "one more try, then none: " + f.transport.envelopes);
        assertTrue(hasStatus("ERROR", "not retried"), f.statuses.toString());
        assertEquals(1, f.counters.eventsReported(), "the email reached the other recipient");
    }
}
