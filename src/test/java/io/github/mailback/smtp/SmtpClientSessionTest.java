package io.github.mailback.smtp;

import static io.github.mailback.smtp.ClientFixtures.clientFor;
import static io.github.mailback.smtp.ClientFixtures.envelope;
import static io.github.mailback.smtp.ClientFixtures.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mailback.testing.ScriptedSmtpServer;
import io.github.mailback.testing.SmtpStage;
import io.github.mailback.testing.TestCertificates;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 2, points 2 and 11: EHLO/HELO, capabilities, many messages per connection, NOOP, QUIT, transcript. */
@Timeout(30)
class SmtpClientSessionTest {

    /** docs/smtp-client.md documents these: connect 10 s, each reply 30 s, a whole message 120 s. */
    @Test
    void timeoutsDefaultToTheDocumentedValues() {
        SmtpClient c = SmtpClient.builder().host("smtp.example.com").heloName("client.test").build();
        assertEquals(List.of(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(120)),
                List.of(c.endpoint().connectTimeout(), c.endpoint().readTimeout(), c.endpoint().messageTimeout()));
    }

    @Test
    void ehloCapabilitiesAreParsed() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().capabilities("SIZE 35882577", "PIPELINING", "8BITMIME",
                "SMTPUTF8", "ENHANCEDSTATUSCODES", "STARTTLS", "AUTH PLAIN LOGIN XOAUTH2").start();
             SmtpConnection c = clientFor(server).build().connect()) {
            Capabilities caps = c.capabilities();
            assertTrue(caps.esmtp());
            assertEquals(35882577, caps.sizeLimit());
            assertTrue(caps.size() && caps.pipelining() && caps.eightBitMime() && caps.smtpUtf8()
                    && caps.enhancedStatusCodes() && caps.startTls(), caps.toString());
            assertEquals(Set.of("PLAIN", "LOGIN", "XOAUTH2"), caps.authMechanisms());
            assertEquals("EHLO client.test", server.commandLines().get(0));
        }
    }

    @Test
    void helloFallsBackToHeloWhenEhloIsRefusedWith502() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()
                .on(SmtpStage.EHLO).reply("502 5.5.1 Command not implemented").start()) {
            try (SmtpConnection c = clientFor(server).build().connect()) {
                assertFalse(c.capabilities().esmtp());
                assertFalse(c.capabilities().pipelining());
                c.send(envelope(), message("over HELO"));
            }
            assertEquals(List.of("EHLO client.test", "HELO client.test"), server.commandLines().subList(0, 2));
            // No ESMTP, so no ESMTP parameters on MAIL either.
            assertEquals(List.of(), server.takeMessage().mailParameters());
        }
    }

    @Test
    void helloFallsBackToHeloWhenEhloIsRefusedWith500() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()
                .on(SmtpStage.EHLO).reply("500 5.5.2 Syntax error, command unrecognized").start();
             SmtpConnection c = clientFor(server).build().connect()) {
            assertFalse(c.capabilities().esmtp());
            assertTrue(server.verbs().contains("HELO"));
        }
    }

    @Test
    void ehloRefusedOtherwiseIsAFailure() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()
                .on(SmtpStage.EHLO).reply("554 5.7.1 Go away").start()) {
            SmtpException e = assertThrows(SmtpException.class, () -> clientFor(server).build().connect());
            assertEquals(554, e.code());
        }
    }

    @Test
    void manyMessagesGoOverOneConnectionWithoutRsetAfterCompletedOnes() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().start()) {
            try (SmtpConnection c = clientFor(server).build().connect()) {
                for (int i = 0; i < 5; i++) {
                    c.send(envelope(), message("message " + i));
                }
            }
            assertEquals(1, server.connectionCount());
            for (int i = 0; i < 5; i++) {
                assertTrue(server.takeMessage().dataAsString().endsWith("message " + i + "\r\n"));
            }
            List<String> verbs = server.verbs();
            // RFC 5321 section 4.1.1.4: the end of the mail data resets the transaction; RSET would be a wasted command.
            assertEquals(0, verbs.stream().filter("RSET"::equals).count(), verbs.toString());
            assertEquals(5, verbs.stream().filter("MAIL"::equals).count(), verbs.toString());
        }
    }

    @Test
    void aRefusedMessageDoesNotSpoilTheNextOne() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()
                .on(SmtpStage.MAIL).once().reply("451 4.3.0 Temporary failure").start();
             SmtpConnection c = clientFor(server).build().connect()) {
            assertThrows(SmtpException.class, () -> c.send(envelope(), message("first")));
            c.send(envelope(), message("second"));
            assertTrue(server.takeMessage().dataAsString().endsWith("second\r\n"));
        }
    }

    @Test
    void isUsableSendsNoop() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().start();
             SmtpConnection c = clientFor(server).build().connect()) {
            assertTrue(c.isUsable());
            assertEquals("NOOP", server.awaitCommand("NOOP").line());
        }
    }

    @Test
    void isUsableIsFalseWhenTheServerHungUp() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.NOOP).reply("421 4.4.2 Idle too long").start();
             SmtpConnection c = clientFor(server).build().connect()) {
            assertFalse(c.isUsable());
            assertFalse(c.isOpen());
            assertFalse(c.isUsable());
        }
    }

    @Test
    void isUsableIsFalseWhenTheConnectionWasCut() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.NOOP).disconnect().start();
             SmtpConnection c = clientFor(server).build().connect()) {
            assertFalse(c.isUsable());
        }
    }

    @Test
    void closeSaysQuit() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().start()) {
            SmtpConnection c = clientFor(server).build().connect();
            c.send(envelope(), message("x"));
            c.close();
            server.awaitSessionsEnded();
            List<String> verbs = server.verbs();
            assertEquals("QUIT", verbs.get(verbs.size() - 1));
            c.close(); // a second close is harmless
            assertEquals(1, server.verbs().stream().filter("QUIT"::equals).count());
        }
    }

    @Test
    void closeDoesNotWaitForeverForASilentServer() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.QUIT).silence().start()) {
            SmtpConnection c = clientFor(server).readTimeout(java.time.Duration.ofMillis(300)).build().connect();
            c.close();
            assertFalse(c.isOpen());
        }
    }

    @Test
    void sendOnTheClientConnectsSendsAndQuits() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().start()) {
            SendResult r = clientFor(server).build().send(envelope(), message("x"));
            assertEquals(List.of(ClientFixtures.TO), r.accepted());
            server.awaitCommand("QUIT");
        }
    }

    @Test
    void transcriptShowsTheDialogueWithAuthRedacted() throws IOException {
        TestCertificates certs = TestCertificates.get();
        List<String> transcript = new ArrayList<>();
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().startTls(certs.serverContext())
                .auth("alice", "hunter2").authMechanisms("LOGIN").start()) {
            clientFor(server).host("localhost").tls(TlsMode.STARTTLS).sslContext(certs.clientContext())
                    .credentials("alice", "hunter2")
                    .transcript((fromClient, line) -> transcript.add((fromClient ? "C: " : "S: ") + line)).build()
                    .send(envelope(), message("secret body"));
        }
        String all = String.join("\n", transcript);
        assertTrue(all.contains("C: EHLO client.test"), all);
        assertTrue(all.contains("C: STARTTLS"), all);
        assertTrue(all.contains("C: AUTH LOGIN"), all);
        assertTrue(all.contains("S: 235"), all);
        String userB64 = java.util.Base64.getEncoder().encodeToString("alice".getBytes());
        String passB64 = java.util.Base64.getEncoder().encodeToString("hunter2".getBytes());
        assertFalse(all.contains("hunter2") || all.contains(passB64) || all.contains(userB64), all);
        assertFalse(all.contains("secret body"), "content is not part of the transcript: " + all);
    }
}
