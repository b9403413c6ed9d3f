package io.github.mailback.smtp;

import static io.github.mailback.smtp.ClientFixtures.clientFor;
import static io.github.mailback.smtp.ClientFixtures.envelope;
import static io.github.mailback.smtp.ClientFixtures.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.mailback.testing.ScriptedSmtpServer;
import io.github.mailback.testing.TestCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 2, point 3: AUTH PLAIN, LOGIN and XOAUTH2, and the clear-text rule. */
@Timeout(30)
class SmtpClientAuthTest {

    @Test
    void plainWithTheRightCredentialsAuthenticates() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().auth("alice", "s3cret").start()) {
            clientFor(server).credentials("alice", "s3cret").build().send(envelope(), message("x"));
            assertEquals("alice", server.takeMessage().authenticatedUser());
            assertTrue(server.awaitCommand("AUTH").line().toUpperCase().startsWith("AUTH PLAIN"));
        }
    }

    @Test
    void loginIsUsedWhenItIsTheOnlyMechanismOffered() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().auth("alice", "s3cret").authMechanisms("LOGIN").start()) {
            clientFor(server).credentials("alice", "s3cret").build().send(envelope(), message("x"));
            assertEquals("alice", server.takeMessage().authenticatedUser());
            assertEquals("AUTH LOGIN", server.awaitCommand("AUTH").line().toUpperCase());
        }
    }

    @Test
    void xoauth2SendsTheBearerToken() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().oauth2("alice@example.com", "ya29.token").start()) {
            clientFor(server).oauth2("alice@example.com", "ya29.token").build().send(envelope(), message("x"));
            assertEquals("alice@example.com", server.takeMessage().authenticatedUser());
            assertTrue(server.awaitCommand("AUTH").line().toUpperCase().startsWith("AUTH XOAUTH2"));
        }
    }

    @Test
    void wrongPasswordGives535AndNoMail() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().auth("alice", "s3cret").start()) {
            SmtpClient client = clientFor(server).credentials("alice", "wrong").build();
            SmtpException e = assertThrows(SmtpException.class, () -> client.send(envelope(), message("x")));
            assertEquals(535, e.code());
            assertFalse(e.isTransient());
            assertEquals("5.7.8", e.reply().enhancedCode());
            assertFalse(server.verbs().contains("MAIL"), server.commandLines().toString());
        }
    }

    @Test
    void wrongXoauth2TokenFails() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().oauth2("alice@example.com", "good").start()) {
            SmtpClient client = clientFor(server).oauth2("alice@example.com", "expired").build();
            SmtpException e = assertThrows(SmtpException.class, () -> client.send(envelope(), message("x")));
            assertEquals(535, e.code());
        }
    }

    @Test
    void serverThatKeepsChallengingIsCancelledAfterAFewRounds() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().auth("alice", "s3cret")
                .on(io.github.mailback.testing.SmtpStage.AUTH).endlessChallenges().start()) {
            SmtpClient client = clientFor(server).credentials("alice", "s3cret").build();
            SmtpException e = assertThrows(SmtpException.class, () -> client.send(envelope(), message("x")));
            assertFalse(e.isTransient(), e.toString());
            java.util.List<String> lines = server.commandLines();
            java.util.List<String> afterAuth = lines.subList(lines.indexOf(server.awaitCommand("AUTH").line()) + 1, lines.size());
            assertTrue(afterAuth.contains("*"), "the client should cancel the exchange (RFC 4954 section 4): " + lines);
            assertTrue(afterAuth.indexOf("*") <= 5, "too many rounds before cancelling: " + lines);
            assertFalse(server.verbs().contains("MAIL"));
        }
    }

    @Test
    void plainIsAllowedInClearTextToLoopback() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().auth("alice", "s3cret").start()) {
            clientFor(server).credentials("alice", "s3cret").allowClearTextAuth(false).build()
                    .send(envelope(), message("x"));
            assertEquals("alice", server.takeMessage().authenticatedUser());
        }
    }

    /**
     * The client judges "loopback" from the address it connected to, so this needs a server on a local
     * address that is not loopback. Tests here may only send traffic to loopback addresses, and 0.0.0.0
     * does not help (the JDK connects to the local host's name instead), so the case runs only when
     * such an address of this machine is named explicitly with {@code -Dmailback.test.nonLoopbackAddress=ADDR};
     * otherwise it is skipped.
     */
    @Test
    void plainIsRefusedInClearTextToANonLoopbackAddress() throws IOException {
        String address = System.getProperty("mailback.test.nonLoopbackAddress", "");
        assumeTrue(!address.isEmpty(), "no non-loopback local address given (-Dmailback.test.nonLoopbackAddress)");
        InetAddress local = InetAddress.getByName(address);
        assumeTrue(!local.isLoopbackAddress() && NetworkInterface.getByInetAddress(local) != null,
                address + " is not a non-loopback address of this machine");
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(local).auth("alice", "s3cret").start()) {
            SmtpClient client = clientFor(server).credentials("alice", "s3cret").build();
            SmtpException e = assertThrows(SmtpException.class, () -> client.send(envelope(), message("x")));
            assertFalse(e.isTransient(), e.toString());
            assertEquals(1, server.connectionCount(), "the client should have connected and then refused");
            assertFalse(server.verbs().contains("AUTH"), "credentials went out in clear text: " + server.commandLines());
            assertFalse(server.verbs().contains("MAIL"));

            // The same server, explicitly allowed: the refusal above was the clear-text rule, not a failure.
            clientFor(server).credentials("alice", "s3cret").allowClearTextAuth(true).build()
                    .send(envelope(), message("x"));
            assertEquals("alice", server.takeMessage().authenticatedUser());
        }
    }

    @Test
    void plainOverStartTlsToAnyHostIsAllowed() throws IOException {
        TestCertificates certs = TestCertificates.get();
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().startTls(certs.serverContext()).auth("alice", "pw").start()) {
            clientFor(server).host("localhost").tls(TlsMode.STARTTLS).sslContext(certs.clientContext())
                    .credentials("alice", "pw").build().send(envelope(), message("x"));
            assertTrue(server.awaitCommand("AUTH").encrypted());
        }
    }
}
