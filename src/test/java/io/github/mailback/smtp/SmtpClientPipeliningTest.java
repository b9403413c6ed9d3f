package io.github.mailback.smtp;

import static io.github.mailback.smtp.ClientFixtures.FROM;
import static io.github.mailback.smtp.ClientFixtures.clientFor;
import static io.github.mailback.smtp.ClientFixtures.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mailback.testing.ScriptedSmtpServer;
import io.github.mailback.testing.SmtpStage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 2, point 6: with PIPELINING (RFC 2920) MAIL, every RCPT and DATA go in one write. */
@Timeout(30)
class SmtpClientPipeliningTest {
    private static final Envelope TWO = Envelope.of(FROM, "a@example.com", "b@example.com");

    @Test
    void mailRcptAndDataArriveInOneBatchWhenOffered() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().start()) {
            clientFor(server).build().send(TWO, message("x"));
            server.takeMessage();
            assertTrue(server.commandBatches().contains(List.of("MAIL FROM:<" + FROM + "> SIZE=" + message("x").size(),
                    "RCPT TO:<a@example.com>", "RCPT TO:<b@example.com>", "DATA")), server.commandBatches().toString());
        }
    }

    @Test
    void afterARefusedMessageRsetJoinsTheBatchOfTheNextOne() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().capabilities("PIPELINING").start();
             SmtpConnection c = clientFor(server).build().connect()) {
            server.on(SmtpStage.DATA_END).once().reply("452 4.3.1 Insufficient system storage");
            assertThrows(SmtpException.class, () -> c.send(TWO, message("one")));
            c.send(TWO, message("two"));
            c.send(TWO, message("three"));
            List<List<String>> batches = server.commandBatches();
            List<String> mailBatch = List.of("MAIL FROM:<" + FROM + ">", "RCPT TO:<a@example.com>", "RCPT TO:<b@example.com>",
                    "DATA");
            List<String> withReset = new ArrayList<>(mailBatch);
            withReset.add(0, "RSET");
            assertTrue(batches.contains(withReset), "RSET after the refusal, in the same write: " + batches);
            assertEquals(1, server.verbs().stream().filter("RSET"::equals).count(),
                    "a completed transaction needs no RSET (RFC 5321 section 4.1.1.4): " + server.verbs());
        }
    }

    @Test
    void withoutPipeliningEachCommandWaitsForItsReply() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().capabilities("8BITMIME").start()) {
            clientFor(server).build().send(TWO, message("x"));
            server.takeMessage();
            assertEachAlone(server, "MAIL", "RCPT", "DATA");
        }
    }

    @Test
    void pipeliningCanBeTurnedOff() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().start()) {
            clientFor(server).pipelining(false).build().send(TWO, message("x"));
            server.takeMessage();
            assertEachAlone(server, "MAIL", "RCPT", "DATA");
        }
    }

    @Test
    void repliesAreMatchedInOrderWhenOneRecipientInTheBatchIsRefused() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()
                .on(SmtpStage.RCPT, "a@example.com").reply("550 5.1.1 No such user").start()) {
            SendResult r = clientFor(server).build().send(TWO, message("x"));
            assertEquals(List.of("b@example.com"), r.accepted());
            assertEquals(550, r.refused().get("a@example.com").code());
        }
    }

    @Test
    void dataOpenedDespiteNoRecipientIsClosedEmptyAndNothingIsDelivered() throws IOException {
        // A server may answer DATA with 354 in a pipelined group although every RCPT failed (RFC 2920 3.1).
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()
                .on(SmtpStage.RCPT).reply("550 5.1.1 No such user")
                .on(SmtpStage.DATA).reply("354 Go ahead").start();
             SmtpConnection c = clientFor(server).build().connect()) {
            assertEquals(550, org.junit.jupiter.api.Assertions.assertThrows(SmtpException.class,
                    () -> c.send(TWO, message("secret"))).code());
            // The server got an empty message at most, never the content.
            server.messages().forEach(m -> assertEquals(0, m.data().length, m.toString()));
            assertTrue(c.isUsable(), "the session is still in step after the empty DATA");
        }
    }

    private static void assertEachAlone(ScriptedSmtpServer server, String... verbs) {
        for (List<String> batch : server.commandBatches()) {
            if (batch.size() > 1) {
                for (String verb : verbs) {
                    assertTrue(batch.stream().noneMatch(l -> l.startsWith(verb)), "pipelined: " + batch);
                }
            }
        }
    }
}
