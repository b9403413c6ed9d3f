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
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 2, points 10 and 12: timeouts, 421, and the one exception type with its transient/permanent
 * flag and the distinct "outcome unknown" signal. Timeouts are short; no test measures wall time.
 */
@Timeout(30)
class SmtpClientFailureTest {
    private static final Duration SHORT = Duration.ofMillis(300);

    @Test
    void silentServerWithoutGreetingTimesOut() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.GREETING).silence().start()) {
            SmtpException e = assertThrows(SmtpException.class,
                    () -> clientFor(server).readTimeout(SHORT).build().connect());
            assertTrue(e.isTransient());
            assertNoOutcomeUnknown(e);
        }
    }

    @Test
    void serverThatStallsAfterEhloTimesOutTheSend() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().stallAfterCommands(1).start()) {
            SmtpClient client = clientFor(server).readTimeout(SHORT).build();
            SmtpException e = assertThrows(SmtpException.class, () -> client.send(envelope(), message("x")));
            assertTrue(e.isTransient());
            assertNoOutcomeUnknown(e);
            assertTrue(server.messages().isEmpty());
        }
    }

    @Test
    void overallDeadlineStopsAServerThatStallsAfterTheGreeting() throws IOException {
        // Each read may wait long, but the whole set-up must end within the message deadline.
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().stallAfterCommands(0).start()) {
            SmtpClient client = clientFor(server).readTimeout(Duration.ofSeconds(20))
                    .messageTimeout(Duration.ofMillis(500)).build();
            SmtpException e = assertThrows(SmtpException.class, client::connect);
            assertTrue(e.getMessage().startsWith("deadline passed"), e::getMessage);
        }
    }

    @Test
    void overallDeadlineStopsAReplyThatTricklesDuringTheSend() throws IOException {
        // Every read gets a byte in time, so only the per-message deadline can end this.
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.MAIL).trickle(Duration.ofMillis(50)).start();
             SmtpConnection c = clientFor(server).readTimeout(Duration.ofSeconds(5))
                     .messageTimeout(Duration.ofMillis(700)).build().connect()) {
            SmtpException e = assertThrows(SmtpException.class, () -> c.send(envelope(), message("x")));
            assertTrue(e.isTransient());
            assertNoOutcomeUnknown(e);
            assertFalse(c.isOpen());
        }
    }

    @Test
    void overallDeadlineStopsAGreetingThatTrickles() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.GREETING).trickle(Duration.ofMillis(50)).start()) {
            SmtpClient client = clientFor(server).readTimeout(Duration.ofSeconds(5))
                    .messageTimeout(Duration.ofMillis(700)).build();
            SmtpException e = assertThrows(SmtpException.class, client::connect);
            assertTrue(e.getMessage().startsWith("deadline passed"), e::getMessage);
        }
    }

    /**
     * A listening socket that never accepts: once its accept queue is full, the kernel ignores further
     * connection attempts, so only the connect timeout ends them. Skipped where the network stack
     * answers anyway (the queue never fills).
     */
    @Test
    void connectTimeoutEndsAConnectThatIsNeverAnswered() throws IOException {
        try (java.net.ServerSocket deaf = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            java.util.List<java.net.Socket> fillers = new java.util.ArrayList<>();
            try {
                boolean full = false;
                for (int i = 0; i < 16 && !full; i++) {
                    java.net.Socket s = new java.net.Socket();
                    fillers.add(s);
                    try {
                        s.connect(deaf.getLocalSocketAddress(), 200);
                    } catch (java.net.SocketTimeoutException timedOut) {
                        full = true;
                    }
                }
                org.junit.jupiter.api.Assumptions.assumeTrue(full, "the accept queue never filled on this platform");
                SmtpClient client = SmtpClient.builder().host("127.0.0.1").port(deaf.getLocalPort())
                        .connectTimeout(SHORT).readTimeout(Duration.ofSeconds(20)).build();
                SmtpException e = assertThrows(SmtpException.class, client::connect);
                assertTrue(e.isTransient());
            } finally {
                for (java.net.Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void connectionRefusedIsATransientSmtpException() throws IOException {
        int port;
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().start()) {
            port = server.port();
        }
        SmtpClient client = SmtpClient.builder().host("127.0.0.1").port(port).connectTimeout(SHORT).build();
        SmtpException e = assertThrows(SmtpException.class, client::connect);
        assertTrue(e.isTransient());
    }

    @Test
    void reply421ToMailClosesTheConnection() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()
                .on(SmtpStage.MAIL).reply("421 4.3.2 Shutting down").start();
             SmtpConnection c = clientFor(server).build().connect()) {
            SmtpException e = assertThrows(SmtpException.class, () -> c.send(envelope(), message("x")));
            assertEquals(421, e.code());
            assertTrue(e.isTransient());
            assertFalse(c.isOpen());
            assertFalse(c.isUsable());
            assertThrows(IllegalStateException.class, () -> c.send(envelope(), message("x")));
            server.awaitSessionsEnded();
        }
    }

    @Test
    void reply421AsGreetingFailsTheConnect() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()
                .on(SmtpStage.GREETING).reply("421 4.3.2 Too busy, try later").start()) {
            SmtpException e = assertThrows(SmtpException.class, () -> clientFor(server).build().connect());
            assertEquals(421, e.code());
            assertTrue(e.isTransient());
        }
    }

    @Test
    void reply421ToARecipientInAPipelinedGroupEndsTheSession() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()
                .on(SmtpStage.RCPT).reply("421 4.4.5 Too many connections").start();
             SmtpConnection c = clientFor(server).build().connect()) {
            SmtpException e = assertThrows(SmtpException.class, () -> c.send(envelope(), message("x")));
            assertEquals(421, e.code());
            assertFalse(c.isOpen());
        }
    }

    @Test
    void reply421AfterTheFinalDotIsAFailureWithTheReply() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()
                .on(SmtpStage.DATA_END).reply("421 4.3.0 Queue trouble").start();
             SmtpConnection c = clientFor(server).build().connect()) {
            SmtpException e = assertThrows(SmtpException.class, () -> c.send(envelope(), message("x")));
            assertNoOutcomeUnknown(e);
            assertEquals(421, e.code());
            assertFalse(c.isOpen());
        }
    }

    @Test
    void dropAfterTheFinalDotIsOutcomeUnknown() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.DATA_END).disconnect().start()) {
            SmtpClient client = clientFor(server).build();
            SmtpException e = assertThrows(SmtpException.class, () -> client.send(envelope(), message("x")));
            assertInstanceOf(SmtpOutcomeUnknownException.class, e);
            assertTrue(e.isTransient());
            // The server did get the whole message: sending again would deliver it twice.
            assertEquals(1, server.messages().size());
        }
    }

    @Test
    void silenceAfterTheFinalDotIsOutcomeUnknown() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.DATA_END).silence().start()) {
            SmtpClient client = clientFor(server).readTimeout(SHORT).build();
            SmtpException e = assertThrows(SmtpException.class, () -> client.send(envelope(), message("x")));
            assertInstanceOf(SmtpOutcomeUnknownException.class, e);
        }
    }

    @Test
    void dropBeforeTheFinalDotIsAnOrdinaryTransientFailure() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.MAIL).disconnect().start()) {
            SmtpException e = assertThrows(SmtpException.class,
                    () -> clientFor(server).build().send(envelope(), message("x")));
            assertNoOutcomeUnknown(e);
            assertTrue(e.isTransient());
        }
    }

    @Test
    void permanentRefusalOfTheMessageCarriesTheReply() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()
                .on(SmtpStage.DATA_END).reply("554 5.7.1 Message rejected as spam").start();
             SmtpConnection c = clientFor(server).build().connect()) {
            SmtpException e = assertThrows(SmtpException.class, () -> c.send(envelope(), message("x")));
            assertEquals(554, e.code());
            assertEquals("5.7.1", e.reply().enhancedCode());
            assertEquals("Message rejected as spam", e.reply().text());
            assertFalse(e.isTransient());
            assertTrue(e.getMessage().contains("554"), e.getMessage());
            // A refusal is a clean answer: the session is still usable for the next message.
            assertTrue(c.isUsable());
        }
    }

    @Test
    void transientRefusalOfTheMessageIsTransient() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()
                .on(SmtpStage.DATA_END).reply("451 4.7.1 Greylisted, try again").start()) {
            SmtpException e = assertThrows(SmtpException.class,
                    () -> clientFor(server).build().send(envelope(), message("x")));
            assertTrue(e.isTransient());
            assertEquals(451, e.code());
        }
    }

    private static void assertNoOutcomeUnknown(SmtpException e) {
        assertFalse(e instanceof SmtpOutcomeUnknownException, "not after the final dot: " + e);
    }
}
