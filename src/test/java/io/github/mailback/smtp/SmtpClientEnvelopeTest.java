package io.github.mailback.smtp;

import static io.github.mailback.smtp.ClientFixtures.FROM;
import static io.github.mailback.smtp.ClientFixtures.TO;
import static io.github.mailback.smtp.ClientFixtures.clientFor;
import static io.github.mailback.smtp.ClientFixtures.envelope;
import static io.github.mailback.smtp.ClientFixtures.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mailback.testing.RecordedMessage;
import io.github.mailback.testing.ScriptedSmtpServer;
import io.github.mailback.testing.SmtpStage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 2, points 4 and 5: MAIL FROM parameters, SMTPUTF8, and a result per recipient. */
@Timeout(30)
class SmtpClientEnvelopeTest {

    @Test
    void sizeIsDeclaredWhenTheServerOffersSize() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().start()) {
            byte[] content = "Subject: s\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
            clientFor(server).build().send(envelope(), MailContent.of(content));
            assertEquals(List.of("SIZE=" + content.length), server.takeMessage().mailParameters());
        }
    }

    @Test
    void noSizeParameterWhenTheContentSizeIsUnknown() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().start()) {
            MailContent streamed = new MailContent() {
                @Override
                public void writeTo(java.io.OutputStream out) throws IOException {
                    out.write("Subject: streamed\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
                }

                @Override
                public boolean eightBit() {
                    return false;
                }
            };
            clientFor(server).build().send(envelope(), streamed);
            assertEquals(List.of(), server.takeMessage().mailParameters());
        }
    }

    @Test
    void noSizeParameterWhenTheServerDoesNotOfferSize() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().capabilities("PIPELINING").start()) {
            clientFor(server).build().send(envelope(), message("x"));
            assertEquals(List.of(), server.takeMessage().mailParameters());
        }
    }

    @Test
    void messageOverTheAnnouncedSizeIsRefusedBeforeMail() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().capabilities("SIZE 100").start();
             SmtpConnection c = clientFor(server).build().connect()) {
            SmtpException e = assertThrows(SmtpException.class, () -> c.send(envelope(), message("x".repeat(200))));
            assertFalse(e.isTransient());
            assertFalse(server.verbs().contains("MAIL"), server.commandLines().toString());
        }
    }

    @Test
    void eightBitContentIsDeclaredWithBody8BitMime() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().start()) {
            clientFor(server).build().send(envelope(), message("Grüße, café"));
            RecordedMessage m = server.takeMessage();
            assertTrue(m.mailParameters().contains("BODY=8BITMIME"), m.mailCommand());
            assertTrue(m.dataAsString().endsWith("Grüße, café\r\n"));
        }
    }

    @Test
    void sevenBitContentCarriesNoBodyParameter() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().start()) {
            clientFor(server).build().send(envelope(), message("plain ascii"));
            assertFalse(server.takeMessage().mailCommand().toUpperCase().contains("BODY="));
        }
    }

    @Test
    void eightBitContentWithout8BitMimeIsRefusedBeforeMail() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().capabilities("PIPELINING", "SIZE 1000000").start();
             SmtpConnection c = clientFor(server).build().connect()) {
            assertThrows(SmtpException.class, () -> c.send(envelope(), message("naïve")));
            assertFalse(server.verbs().contains("MAIL"), server.commandLines().toString());
        }
    }

    @Test
    void nonAsciiAddressWithoutSmtpUtf8IsRefusedBeforeAnythingIsSent() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().start();
             SmtpConnection c = clientFor(server).build().connect()) {
            int commandsAfterConnect = server.commands().size();
            SmtpException e = assertThrows(SmtpException.class,
                    () -> c.send(Envelope.of(FROM, "jürgen@example.com"), message("x")));
            assertFalse(e.isTransient(), "waiting will not make the server offer SMTPUTF8");
            assertTrue(e.getMessage().contains("SMTPUTF8"), "the error should say what is missing: " + e.getMessage());
            assertEquals(commandsAfterConnect, server.commands().size(), server.commandLines().toString());
        }
    }

    @Test
    void nonAsciiAddressWithSmtpUtf8IsSentInUtf8() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()
                .capabilities("PIPELINING", "8BITMIME", "SMTPUTF8", "SIZE 1000000").start()) {
            clientFor(server).build().send(Envelope.of("système@exemple.fr", "jürgen@beispiel.de"), message("x"));
            RecordedMessage m = server.takeMessage();
            assertTrue(m.mailParameters().contains("SMTPUTF8"), m.mailCommand());
            assertEquals("système@exemple.fr", m.from());
            assertEquals(List.of("jürgen@beispiel.de"), m.recipients());
        }
    }

    @Test
    void someRecipientsRefusedGivesAResultWithEachReply() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()
                .on(SmtpStage.RCPT, "gone@example.com").reply("550 5.1.1 No such user")
                .on(SmtpStage.RCPT, "full@example.com").reply("452 4.2.2 Mailbox full").start()) {
            SendResult result = clientFor(server).build().send(
                    Envelope.of(FROM, "a@example.com", "gone@example.com", "full@example.com", "b@example.com"),
                    message("partial"));
            assertEquals(List.of("a@example.com", "b@example.com"), result.accepted());
            assertEquals(List.of("gone@example.com", "full@example.com"), List.copyOf(result.refused().keySet()));
            SmtpReply gone = result.refused().get("gone@example.com");
            assertEquals(550, gone.code());
            assertEquals("5.1.1", gone.enhancedCode());
            assertTrue(gone.isPermanentNegative());
            assertTrue(result.refused().get("full@example.com").isTransientNegative());
            assertEquals(250, result.dataReply().code());
            assertEquals(List.of("a@example.com", "b@example.com"), server.takeMessage().recipients());
        }
    }

    @Test
    void allRecipientsRefusedIsAnExceptionAndNoMessage() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()
                .on(SmtpStage.RCPT).reply("550 5.1.1 No such user").start()) {
            SmtpException e = assertThrows(SmtpException.class,
                    () -> clientFor(server).build().send(Envelope.of(FROM, "x@example.com", "y@example.com"), message("x")));
            assertEquals(550, e.code());
            assertFalse(e.isTransient());
            assertTrue(e.getMessage().contains("x@example.com") && e.getMessage().contains("y@example.com"), e.getMessage());
            assertTrue(server.messages().isEmpty());
        }
    }

    @Test
    void allRecipientsRefusedTransientlyIsATransientException() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()
                .on(SmtpStage.RCPT).reply("451 4.3.0 Try again later").start()) {
            SmtpException e = assertThrows(SmtpException.class,
                    () -> clientFor(server).build().send(envelope(), message("x")));
            assertTrue(e.isTransient());
            assertEquals(451, e.code());
        }
    }

    @Test
    void allRecipientsRefusedWithoutPipeliningSendsNoData() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().capabilities("8BITMIME")
                .on(SmtpStage.RCPT).reply("550 5.1.1 No such user").start()) {
            assertThrows(SmtpException.class, () -> clientFor(server).build().send(envelope(), message("x")));
            assertFalse(server.verbs().contains("DATA"), server.commandLines().toString());
        }
    }

    @Test
    void mailRefusedTransientlyIs452AndTransient() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()
                .on(SmtpStage.MAIL).reply("452 4.3.1 Insufficient system storage").start()) {
            SmtpException e = assertThrows(SmtpException.class,
                    () -> clientFor(server).build().send(envelope(), message("x")));
            assertEquals(452, e.code());
            assertEquals("4.3.1", e.reply().enhancedCode());
            assertTrue(e.isTransient());
            assertTrue(server.messages().isEmpty());
        }
    }

    @Test
    void nullReversePathIsSentAsEmptyBrackets() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().start()) {
            clientFor(server).build().send(Envelope.of("", TO), message("bounce"));
            RecordedMessage m = server.takeMessage();
            assertTrue(m.mailCommand().toUpperCase().startsWith("MAIL FROM:<>"), m.mailCommand());
        }
    }
}
