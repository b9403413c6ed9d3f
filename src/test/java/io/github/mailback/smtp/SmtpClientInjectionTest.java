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

import io.github.mailback.testing.RecordedCommand;
import io.github.mailback.testing.ScriptedSmtpServer;
import io.github.mailback.testing.SmtpStage;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 2, point 9: nothing from data can end or split a command line (CVE-2025-7962 class). */
@Timeout(30)
class SmtpClientInjectionTest {

    @ParameterizedTest
    @ValueSource(strings = {"a\r\nRCPT TO:<evil@example.com>@example.com", "a\n@example.com", "a\r@example.com",
            "a\u0000b@example.com", "ops@example.com\r\nDATA", "a@exa\u2028mple.com", "a@exa\u0085mple.com",
            "a@exa\u009bmple.com", "a\u0080b@example.com", "a\tb@example.com"})
    void controlCharactersInAnAddressAreRefusedBeforeAnythingIsWritten(String address) throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().start();
             SmtpConnection c = clientFor(server).build().connect()) {
            int before = server.commands().size();
            assertThrows(IllegalArgumentException.class, () -> c.send(Envelope.of(FROM, address), message("x")));
            assertThrows(IllegalArgumentException.class, () -> c.send(Envelope.of(address, TO), message("x")));
            assertEquals(before, server.commands().size(), server.commandLines().toString());
            // The connection is untouched and still sends.
            c.send(envelope(), message("still fine"));
            assertEquals(List.of(TO), server.takeMessage().recipients());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"client.test\r\nMAIL FROM:<evil@example.com>", "client\n", "client\r", "cli\u0000ent",
            "cli\u2028ent", "cli\u0085ent", "cli\u009bent", "cli\tent"})
    void controlCharactersInTheHeloNameAreRefusedBeforeConnecting(String helo) throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().start()) {
            assertThrows(IllegalArgumentException.class, () -> clientFor(server).heloName(helo).build().connect());
            assertEquals(0, server.connectionCount());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\r\nMAIL FROM:<evil@example.com>", "\u2028", "\u0085", "\u009b", "\t"})
    void controlCharactersInTheHostAreRefusedBeforeConnecting(String inserted) throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().start()) {
            SmtpClient.Builder b = clientFor(server).host(server.host() + inserted);
            assertThrows(IllegalArgumentException.class, b::build);
            assertEquals(0, server.connectionCount());
        }
    }

    /** A reply is shown to people (exceptions, status messages, the CLI): its controls arrive escaped. */
    @Test
    void controlCharactersInAReplyAreEscaped() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.RCPT, "gone")
                .reply("550 5.1.1 no\u001b[2J such\u009b31m user\u2028Subject: forged\tend").start()) {
            SendResult r = clientFor(server).build().send(Envelope.of(FROM, "gone@example.com", TO), message("x"));
            assertEquals(List.of("no\\u001b[2J such\\u009b31m user\\u2028Subject: forged\\u0009end"),
                    r.refused().get("gone@example.com").lines());
        }
    }

    /**
     * U+010D and U+010A are ordinary letters, but a client that writes chars as bytes by dropping their
     * high byte sends CR LF: the address would then end the RCPT line and start a new command.
     */
    @Test
    void charactersWhoseLowByteIsCrOrLfCannotSplitACommand() throws IOException {
        String address = "user\u010D\u010ARSET@example.com";
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()
                .capabilities("PIPELINING", "8BITMIME", "SMTPUTF8").start()) {
            try (SmtpConnection c = clientFor(server).build().connect()) {
                c.send(Envelope.of(FROM, address), message("x"));
            } catch (IllegalArgumentException | SmtpException refused) {
                // Refusing such an address outright is also safe.
            }
            for (RecordedCommand command : server.commands()) {
                assertFalse(command.line().startsWith("RSET@"), "command split: " + server.commandLines());
                assertFalse(command.line().indexOf('\r') >= 0, "bare CR reached the server: " + server.commandLines());
            }
            long rcpts = server.commands().stream().filter(cmd -> cmd.verb().equals("RCPT")).count();
            assertTrue(rcpts <= 1);
            if (rcpts == 1) {
                assertEquals("RCPT TO:<" + address + ">", server.awaitCommand("RCPT").line());
            }
        }
    }

    @Test
    void controlCharactersInCredentialsNeverReachTheWireAsCommands() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().auth("alice", "pw").start()) {
            SmtpClient client = clientFor(server).credentials("alice\r\nMAIL FROM:<evil@example.com>", "pw").build();
            // AUTH PLAIN carries the name base64-encoded: the server reads one wrong user name, no command.
            SmtpException refused = assertThrows(SmtpException.class, () -> client.send(envelope(), message("x")));
            assertEquals(535, refused.code(), refused.toString());
            assertFalse(server.verbs().contains("MAIL"), server.commandLines().toString());
        }
    }
}
