package io.github.mailback.smtp;

import static io.github.mailback.smtp.ClientFixtures.clientFor;
import static io.github.mailback.smtp.ClientFixtures.envelope;
import static io.github.mailback.smtp.ClientFixtures.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mailback.testing.RecordedCommand;
import io.github.mailback.testing.RecordedMessage;
import io.github.mailback.testing.ScriptedSmtpServer;
import io.github.mailback.testing.SmtpStage;
import io.github.mailback.testing.TestCertificates;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 2, point 1: TLS modes, STARTTLS required, response injection, certificate checks. */
@Timeout(30)
class SmtpClientTlsTest {
    private static final TestCertificates CERTS = TestCertificates.get();

    @Test
    void startTlsUpgradesTheConnectionAndTheMessageTravelsEncrypted() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().startTls(CERTS.serverContext()).start()) {
            SmtpClient client = clientFor(server).host("localhost").tls(TlsMode.STARTTLS)
                    .sslContext(CERTS.clientContext()).build();
            try (SmtpConnection c = client.connect()) {
                assertTrue(c.isEncrypted());
                c.send(envelope(), message("hello"));
            }
            RecordedMessage m = server.takeMessage();
            assertTrue(m.encrypted());
            assertEquals(List.of("EHLO", "STARTTLS", "EHLO"), server.verbs().subList(0, 3));
        }
    }

    @Test
    void startTlsNotOfferedFailsBeforeAuthOrMail() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().auth("u", "p").start()) {
            SmtpClient client = clientFor(server).tls(TlsMode.STARTTLS).sslContext(CERTS.clientContext())
                    .credentials("u", "p").build();
            SmtpException e = assertThrows(SmtpException.class, () -> client.send(envelope(), message("x")));
            assertFalse(e.isTransient(), "a server without STARTTLS will not grow it: " + e);
            assertNoAuthOrMail(server);
        }
    }

    @Test
    void startTlsAnswered454Fails() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().startTls(CERTS.serverContext()).auth("u", "p")
                .on(SmtpStage.STARTTLS).reply("454 4.7.0 TLS not available due to temporary reason").start()) {
            SmtpClient client = clientFor(server).host("localhost").tls(TlsMode.STARTTLS)
                    .sslContext(CERTS.clientContext()).credentials("u", "p").build();
            SmtpException e = assertThrows(SmtpException.class, () -> client.send(envelope(), message("x")));
            assertEquals(454, e.code());
            assertTrue(e.isTransient());
            assertNoAuthOrMail(server);
        }
    }

    @Test
    void bytesInjectedAfterTheStartTlsReplyAreDiscarded() throws IOException {
        // A man in the middle appends a fake EHLO reply in clear text right after "220 Ready to start TLS".
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().startTls(CERTS.serverContext())
                .injectAfterStartTls("250-evil.example greets you\r\n250-INJECTED\r\n250 AUTH PLAIN\r\n")
                .capabilitiesAfterTls("PIPELINING", "8BITMIME").start()) {
            SmtpClient client = clientFor(server).host("localhost").tls(TlsMode.STARTTLS)
                    .sslContext(CERTS.clientContext()).build();
            try (SmtpConnection c = client.connect()) {
                assertTrue(c.isEncrypted());
                assertFalse(c.capabilities().has("INJECTED"), c.capabilities().toString());
                assertTrue(c.capabilities().pipelining(), "the EHLO over TLS must be read: " + c.capabilities());
                c.send(envelope(), message("after injection"));
            }
            assertEquals("after injection\r\n", body(server.takeMessage()));
            // The client said EHLO again over TLS instead of taking the injected lines as its reply.
            RecordedCommand secondEhlo = server.commands().get(2);
            assertEquals("EHLO", secondEhlo.verb());
            assertTrue(secondEhlo.encrypted());
        }
    }

    @Test
    void capabilitiesAreReadAgainAfterTls() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().startTls(CERTS.serverContext())
                .capabilities("SIZE 1000", "X-BEFORE-TLS").capabilitiesAfterTls("SIZE 2000", "X-AFTER-TLS").start()) {
            SmtpClient client = clientFor(server).host("localhost").tls(TlsMode.STARTTLS)
                    .sslContext(CERTS.clientContext()).build();
            try (SmtpConnection c = client.connect()) {
                Capabilities caps = c.capabilities();
                assertTrue(caps.has("X-AFTER-TLS"));
                assertFalse(caps.has("X-BEFORE-TLS"), "capabilities from before TLS must be forgotten: " + caps);
                assertFalse(caps.startTls());
                assertEquals(2000, caps.sizeLimit());
            }
        }
    }

    @Test
    void implicitTlsSpeaksTlsFromTheFirstByte() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().implicitTls(CERTS.serverContext()).start()) {
            SmtpClient client = clientFor(server).tls(TlsMode.SMTPS).sslContext(CERTS.clientContext()).build();
            try (SmtpConnection c = client.connect()) {
                assertTrue(c.isEncrypted());
                c.send(envelope(), message("smtps"));
            }
            assertTrue(server.takeMessage().encrypted());
            assertTrue(server.commands().get(0).encrypted());
        }
    }

    @Test
    void selfSignedCertificateIsRefusedByDefault() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().implicitTls(CERTS.serverContext()).start()) {
            // No sslContext: the JDK's trust store, which does not know the test certificate.
            SmtpClient client = clientFor(server).host("localhost").tls(TlsMode.SMTPS).build();
            SmtpException e = assertThrows(SmtpException.class, client::connect);
            assertFalse(e.isTransient(), e.toString());
            assertTrue(server.commands().isEmpty(), server.commandLines().toString());
        }
    }

    /**
     * A server that restarts or sheds load hangs up in the middle of the handshake: that is a lost
     * connection, tried again later, not a configuration mistake.
     */
    @Test
    void aHandshakeCutByTheServerIsTransient() throws Exception {
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread hangUp = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (java.net.Socket s = listener.accept()) {
                        s.getInputStream().read(new byte[512]); // part of the ClientHello, then goodbye
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            hangUp.setDaemon(true);
            hangUp.start();
            SmtpClient client = SmtpClient.builder().host("127.0.0.1").port(listener.getLocalPort()).tls(TlsMode.SMTPS)
                    .sslContext(CERTS.clientContext()).readTimeout(java.time.Duration.ofSeconds(5)).build();
            SmtpException e = assertThrows(SmtpException.class, client::connect);
            assertTrue(e.isTransient(), e.toString());
            assertTrue(e.getMessage().contains("the server closed the connection"), e.getMessage());
        }
    }

    /** The TLS versions offered: the server sees the one the client was told to offer, or the JDK's best. */
    @Test
    void theTlsVersionsOfferedAreTheOnesSet() throws Exception {
        assertEquals("TLSv1.2", negotiated(List.of("TLSv1.2")));
        assertEquals("TLSv1.3", negotiated(null));
    }

    private static String negotiated(List<String> protocols) throws Exception {
        try (javax.net.ssl.SSLServerSocket listener = (javax.net.ssl.SSLServerSocket) CERTS.serverContext()
                .getServerSocketFactory().createServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            java.util.concurrent.CompletableFuture<String> seen = new java.util.concurrent.CompletableFuture<>();
            Thread server = new Thread(() -> {
                try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) listener.accept()) {
                    s.startHandshake();
                    seen.complete(s.getSession().getProtocol());
                } catch (IOException e) {
                    seen.completeExceptionally(e);
                }
            });
            server.setDaemon(true);
            server.start();
            SmtpClient client = SmtpClient.builder().host("localhost").port(listener.getLocalPort()).tls(TlsMode.SMTPS)
                    .sslContext(CERTS.clientContext()).tlsProtocols(protocols)
                    .readTimeout(java.time.Duration.ofSeconds(2)).build();
            assertThrows(SmtpException.class, client::connect); // the server says nothing after the handshake
            return seen.get(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void selfSignedCertificateIsRefusedByDefaultWithStartTls() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().startTls(CERTS.serverContext()).start()) {
            SmtpClient client = clientFor(server).host("localhost").tls(TlsMode.STARTTLS).build();
            assertThrows(SmtpException.class, () -> client.send(envelope(), message("x")));
            assertNoAuthOrMail(server);
        }
    }

    @Test
    void certificateForAnotherNameIsRefused() throws IOException {
        // The certificate names localhost and 127.0.0.1 only; 127.0.0.2 is loopback too but not named.
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(loopback2()).implicitTls(CERTS.serverContext()).start()) {
            SmtpClient client = clientFor(server).tls(TlsMode.SMTPS).sslContext(CERTS.clientContext()).build();
            assertThrows(SmtpException.class, client::connect);
            assertTrue(server.commands().isEmpty());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void hostNameCheckCanBeTurnedOffForTests() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(loopback2()).implicitTls(CERTS.serverContext()).start();
             SmtpConnection c = clientFor(server).tls(TlsMode.SMTPS).sslContext(CERTS.clientContext())
                     .verifyHostname(false).build().connect()) {
            assertTrue(c.isEncrypted());
        }
    }

    private static java.net.InetAddress loopback2() throws IOException {
        return java.net.InetAddress.getByAddress(new byte[] {127, 0, 0, 2});
    }

    static void assertNoAuthOrMail(ScriptedSmtpServer server) {
        for (String verb : server.verbs()) {
            assertFalse(verb.equals("AUTH") || verb.equals("MAIL") || verb.equals("RCPT") || verb.equals("DATA"),
                    "sent after a TLS failure: " + server.commandLines());
        }
    }

    static String body(RecordedMessage m) {
        String data = m.dataAsString();
        return data.substring(data.indexOf("\r\n\r\n") + 4);
    }
}
