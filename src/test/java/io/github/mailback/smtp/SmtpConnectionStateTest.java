package io.github.mailback.smtp;

import static io.github.mailback.smtp.ClientFixtures.clientFor;
import static io.github.mailback.smtp.ClientFixtures.envelope;
import static io.github.mailback.smtp.ClientFixtures.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mailback.testing.ScriptedSmtpServer;
import io.github.mailback.testing.SmtpStage;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The session's states: ready, in a transaction, closed; what each allows and what leads from one to the next. */
@Timeout(30)
class SmtpConnectionStateTest {

    @Test
    void sendAfterCloseIsAnIllegalStateAndSendsNothing() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().start()) {
            SmtpConnection c = clientFor(server).build().connect();
            c.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.send(envelope(), message("x")));
            assertEquals("state: CLOSED", e.getMessage());
            server.awaitSessionsEnded();
            assertFalse(server.verbs().contains("MAIL"), server.verbs().toString());
        }
    }

    @Test
    void isUsableAfterCloseIsFalseWithoutANoop() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().start()) {
            SmtpConnection c = clientFor(server).build().connect();
            c.close();
            assertFalse(c.isUsable());
            server.awaitSessionsEnded();
            assertFalse(server.verbs().contains("NOOP"), server.verbs().toString());
        }
    }

    @Test
    void sendAfterTheConnectionBrokeAfterTheFinalDotIsAnIllegalState() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.DATA_END).disconnect().start();
             SmtpConnection c = clientFor(server).build().connect()) {
            assertInstanceOf(SmtpOutcomeUnknownException.class,
                    assertThrows(SmtpException.class, () -> c.send(envelope(), message("x"))));
            assertFalse(c.isOpen());
            // Sending again could deliver the message twice: the caller must decide on a new connection.
            assertThrows(IllegalStateException.class, () -> c.send(envelope(), message("x")));
            assertEquals(1, server.verbs().stream().filter("MAIL"::equals).count(), server.verbs().toString());
        }
    }

    @Test
    void sendAfterTheConnectionBrokeInTheEnvelopeIsAnIllegalState() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.RCPT).disconnect().start();
             SmtpConnection c = clientFor(server).build().connect()) {
            SmtpException e = assertThrows(SmtpException.class, () -> c.send(envelope(), message("x")));
            assertTrue(e.isTransient());
            assertFalse(c.isOpen());
            assertThrows(IllegalStateException.class, () -> c.send(envelope(), message("x")));
        }
    }

    @Test
    void closeAfterABrokenConnectionSaysNoQuit() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.MAIL).reply("421 4.3.2 Shutting down").start()) {
            SmtpConnection c = clientFor(server).build().connect();
            assertThrows(SmtpException.class, () -> c.send(envelope(), message("x")));
            c.close();
            server.awaitSessionsEnded();
            assertFalse(server.verbs().contains("QUIT"), server.verbs().toString());
        }
    }

    @Test
    void aRefusedContentIsResetBeforeTheNextTransactionWithoutPipelining() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().capabilities("8BITMIME")
                .on(SmtpStage.DATA_END).once().reply("554 5.7.1 Rejected").start();
             SmtpConnection c = clientFor(server).build().connect()) {
            assertThrows(SmtpException.class, () -> c.send(envelope(), message("one")));
            assertTrue(c.isOpen());
            c.send(envelope(), message("two"));
            c.send(envelope(), message("three"));
            List<String> verbs = server.verbs();
            assertEquals(List.of("EHLO", "MAIL", "RCPT", "DATA", "RSET", "MAIL", "RCPT", "DATA", "MAIL", "RCPT", "DATA"),
                    verbs, "RSET once, after the refused transaction, and waited for before MAIL");
            assertTrue(server.commandBatches().contains(List.of("RSET")), server.commandBatches().toString());
        }
    }

    @Test
    void aRefusedSenderIsResetBeforeTheNextTransaction() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()
                .on(SmtpStage.MAIL).once().reply("550 5.7.1 Sender refused").start();
             SmtpConnection c = clientFor(server).build().connect()) {
            assertEquals(550, assertThrows(SmtpException.class, () -> c.send(envelope(), message("one"))).code());
            c.send(envelope(), message("two"));
            List<String> verbs = server.verbs();
            assertEquals("RSET", verbs.get(verbs.indexOf("MAIL") + 3), verbs.toString());
            assertEquals(1, server.messages().size());
        }
    }

    @Test
    void aTransactionWithoutRecipientsIsResetBeforeTheNextOne() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()
                .on(SmtpStage.RCPT).once().reply("550 5.1.1 No such user").start();
             SmtpConnection c = clientFor(server).build().connect()) {
            assertThrows(SmtpException.class, () -> c.send(envelope(), message("one")));
            assertTrue(c.isUsable(), "a refused envelope leaves the session in step");
            c.send(envelope(), message("two"));
            assertEquals(1, server.verbs().stream().filter("RSET"::equals).count(), server.verbs().toString());
        }
    }

    @Test
    void aMessageRefusedBeforeAnythingIsSentLeavesTheSessionReady() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().capabilities("PIPELINING", "SIZE 100").start();
             SmtpConnection c = clientFor(server).build().connect()) {
            SmtpException e = assertThrows(SmtpException.class, () -> c.send(envelope(), message("x".repeat(200))));
            assertFalse(e.isTransient());
            assertTrue(c.isOpen());
            c.send(envelope(), message("small"));
            assertEquals(List.of("EHLO", "MAIL", "RCPT", "DATA"), server.verbs(), "no MAIL began, so no RSET");
        }
    }

    @Test
    void aRefusedRsetInAPipelinedGroupClosesTheConnectionInsteadOfLeavingItOutOfStep() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().capabilities("PIPELINING")
                .on(SmtpStage.RCPT).once().reply("550 5.1.1 no such user")
                .on(SmtpStage.RSET).reply("502 5.5.1 RSET not implemented").start();
             SmtpConnection c = clientFor(server).build().connect()) {
            assertThrows(SmtpException.class, () -> c.send(envelope(), message("first")));
            assertTrue(c.isOpen(), "a refused recipient leaves the session in step");
            SmtpException e = assertThrows(SmtpException.class, () -> c.send(envelope(), message("second")));
            assertEquals(502, e.code());
            assertFalse(c.isOpen(), "the replies to MAIL, RCPT and DATA are unread: the connection must end");
            assertThrows(IllegalStateException.class, () -> c.send(envelope(), message("third")));
        }
    }
}
