package io.github.mailback.smtp;

import static io.github.mailback.smtp.ClientFixtures.envelope;
import static io.github.mailback.smtp.ClientFixtures.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mailback.testing.ScriptedSmtpServer;
import io.github.mailback.testing.SmtpStage;
import io.github.mailback.testing.TestCertificates;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11, part 2: a list of hosts tried in order. Only a failure before the session is ready moves
 * on, and never a 5xx after the greeting; a message refused, or perhaps accepted, is never resent.
 */
@Timeout(30)
class SmtpClientFailoverTest {
    private static final TestCertificates CERTS = TestCertificates.get();

    private static SmtpClient.Builder clientFor(String hosts) {
        return SmtpClient.builder().host(hosts).heloName("client.test").connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(5)).messageTimeout(Duration.ofSeconds(20));
    }

    private static String list(ScriptedSmtpServer... servers) {
        StringBuilder sb = new StringBuilder();
        for (ScriptedSmtpServer s : servers) {
            sb.append(sb.length() == 0 ? "" : ", ").append(s.host()).append(':').append(s.port());
        }
        return sb.toString();
    }

    @Test
    void aGreeting421MovesOnToTheNextHostWhichIsNamed() throws IOException {
        try (ScriptedSmtpServer busy = new ScriptedSmtpServer().on(SmtpStage.GREETING).reply("421 4.3.2 busy").start();
                ScriptedSmtpServer backup = new ScriptedSmtpServer().start()) {
            SendResult r = clientFor(list(busy, backup)).build().send(envelope(), message("x"));
            assertEquals("127.0.0.1:" + backup.port(), r.server());
            assertTrue(r.skipped().contains("127.0.0.1:" + busy.port()) && r.skipped().contains("421"), r.skipped());
            assertEquals(1, backup.messages().size());
            assertTrue(busy.messages().isEmpty());
        }
    }

    @Test
    void aLostConnectionBeforeTheGreetingMovesOn() throws IOException {
        try (ScriptedSmtpServer gone = new ScriptedSmtpServer().on(SmtpStage.GREETING).disconnect().start();
                ScriptedSmtpServer backup = new ScriptedSmtpServer().start()) {
            SendResult r = clientFor(list(gone, backup)).build().send(envelope(), message("x"));
            assertEquals("127.0.0.1:" + backup.port(), r.server());
            assertEquals(1, backup.messages().size());
        }
    }

    @Test
    void aTlsFailureMovesOn() throws Exception {
        // The first server has no key at all: its TLS handshake fails.
        try (ScriptedSmtpServer misnamed = new ScriptedSmtpServer().startTls(SSLContext.getDefault()).start();
                ScriptedSmtpServer backup = new ScriptedSmtpServer().startTls(CERTS.serverContext()).start()) {
            SmtpClient client = clientFor("localhost:" + misnamed.port() + ",localhost:" + backup.port())
                    .tls(TlsMode.STARTTLS).sslContext(CERTS.clientContext()).build();
            SendResult r = client.send(envelope(), message("x"));
            assertEquals("localhost:" + backup.port(), r.server());
            assertTrue(r.skipped().contains("TLS"), r.skipped());
            assertTrue(backup.takeMessage().encrypted());
            assertTrue(misnamed.messages().isEmpty());
        }
    }

    @Test
    void aGreetingThatRefusesServiceWithAny5xxMovesOn() throws IOException {
        try (ScriptedSmtpServer listed = new ScriptedSmtpServer().on(SmtpStage.GREETING)
                .reply("550 5.7.1 client host listed at a DNSBL").start();
                ScriptedSmtpServer backup = new ScriptedSmtpServer().start()) {
            SendResult r = clientFor(list(listed, backup)).build().send(envelope(), message("x"));
            assertEquals("127.0.0.1:" + backup.port(), r.server());
            assertTrue(r.skipped().contains("550"), r.skipped());
        }
    }

    /** The tries share one messageTimeout: a silent first host leaves no time for a second connection. */
    @Test
    void theHostsShareOneMessageTimeout() throws IOException {
        try (ScriptedSmtpServer silent = new ScriptedSmtpServer().on(SmtpStage.GREETING).silence().start();
                ScriptedSmtpServer backup = new ScriptedSmtpServer().start()) {
            SmtpClient client = SmtpClient.builder().host(list(silent, backup)).heloName("client.test")
                    .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5))
                    .messageTimeout(Duration.ofMillis(1500)).build();
            SmtpException e = assertThrows(SmtpException.class, () -> client.send(envelope(), message("x")));
            assertTrue(e.getMessage().contains("no time left for 127.0.0.1:" + backup.port()), e.getMessage());
            assertEquals(0, backup.connectionCount(), "the second host was not tried after the deadline");
        }
    }

    @Test
    void aWrongPasswordIsNotTriedOnTheNextHost() throws IOException {
        try (ScriptedSmtpServer first = new ScriptedSmtpServer().auth("u", "right").start();
                ScriptedSmtpServer second = new ScriptedSmtpServer().auth("u", "wrong").start()) {
            SmtpClient client = clientFor(list(first, second)).credentials("u", "wrong").build();
            SmtpException e = assertThrows(SmtpException.class, () -> client.send(envelope(), message("x")));
            assertEquals(535, e.code());
            assertTrue(second.commands().isEmpty(), second.commandLines().toString());
        }
    }

    @Test
    void a5xxToTheMessageIsFinal() throws IOException {
        try (ScriptedSmtpServer first = new ScriptedSmtpServer().on(SmtpStage.DATA_END).reply("554 5.7.1 no").start();
                ScriptedSmtpServer second = new ScriptedSmtpServer().start()) {
            SmtpException e = assertThrows(SmtpException.class,
                    () -> clientFor(list(first, second)).build().send(envelope(), message("x")));
            assertEquals(554, e.code());
            assertTrue(second.commands().isEmpty(), second.commandLines().toString());
        }
    }

    @Test
    void aConnectionLostAfterTheFinalDotIsNotResentToTheNextHost() throws IOException {
        try (ScriptedSmtpServer first = new ScriptedSmtpServer().on(SmtpStage.DATA_END).disconnect().start();
                ScriptedSmtpServer second = new ScriptedSmtpServer().start()) {
            assertThrows(SmtpOutcomeUnknownException.class,
                    () -> clientFor(list(first, second)).build().send(envelope(), message("x")));
            assertTrue(second.commands().isEmpty(), second.commandLines().toString());
        }
    }

    @Test
    void whenEveryHostFailsTheErrorNamesEachAndIsTransient() throws IOException {
        try (ScriptedSmtpServer a = new ScriptedSmtpServer().on(SmtpStage.GREETING).reply("421 4.3.2 a busy").start();
                ScriptedSmtpServer b = new ScriptedSmtpServer().on(SmtpStage.GREETING).reply("554 5.3.2 b closed").start()) {
            SmtpException e = assertThrows(SmtpException.class, () -> clientFor(list(a, b)).build().connect());
            assertTrue(e.isTransient(), "a host may come back: " + e);
            assertTrue(e.getMessage().contains("a busy") && e.getMessage().contains("b closed"), e.getMessage());
            assertEquals(554, e.code());
        }
    }

    @Test
    void oneHostReportsNoSkippedHosts() throws IOException {
        try (ScriptedSmtpServer one = new ScriptedSmtpServer().start()) {
            SendResult r = clientFor(list(one)).build().send(envelope(), message("x"));
            assertEquals("127.0.0.1:" + one.port(), r.server());
            assertNull(r.skipped());
        }
    }

    @Test
    void hostListsParseWithPortsAndIpv6Literals() {
        SmtpClient c = SmtpClient.builder().host("mx1.example.com, mx2.example.com:2525,[::1]:26,[2001:db8::1],::1")
                .port(587).build();
        assertEquals(List.of(InetSocketAddress.createUnresolved("mx1.example.com", 587),
                InetSocketAddress.createUnresolved("mx2.example.com", 2525),
                InetSocketAddress.createUnresolved("::1", 26),
                InetSocketAddress.createUnresolved("2001:db8::1", 587),
                InetSocketAddress.createUnresolved("::1", 587)), c.hosts());
        assertTrue(c.toString().contains("mx1.example.com:587,mx2.example.com:2525,[::1]:26"), c.toString());
        assertEquals("mx1.example.com", c.host());
        assertEquals(465, SmtpClient.builder().host("a").tls(TlsMode.SMTPS).build().hosts().get(0).getPort());
    }

    @Test
    void aBadHostEntryIsNamed() {
        for (String bad : List.of("a:0", "a:70000", "a:x", "a:", "[::1", "[::1]x", "a,,b", "a, ", "[]:25", "a b")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> SmtpClient.builder().host(bad).build(), bad);
            assertTrue(e.getMessage().contains("bad host entry"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SmtpClient.builder().host("ok.example, bad:99999").build());
        assertTrue(e.getMessage().contains("'bad:99999'"), e.getMessage());
    }

    @Test
    void theFirstHostWorkingMeansTheOthersAreNeverContacted() throws IOException {
        try (ScriptedSmtpServer first = new ScriptedSmtpServer().start();
                ScriptedSmtpServer second = new ScriptedSmtpServer().start()) {
            SendResult r = clientFor(list(first, second)).build().send(envelope(), message("x"));
            assertNull(r.skipped());
            assertFalse(first.messages().isEmpty());
            assertTrue(second.commands().isEmpty());
            assertInstanceOf(String.class, r.server());
        }
    }
}
