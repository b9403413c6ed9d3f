package io.github.mailback.smtp;

import static io.github.mailback.smtp.ClientFixtures.clientFor;
import static io.github.mailback.smtp.ClientFixtures.envelope;
import static io.github.mailback.smtp.ClientFixtures.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mailback.testing.RecordedCommand;
import io.github.mailback.testing.ScriptedSmtpServer;
import io.github.mailback.testing.SmtpStage;
import io.github.mailback.testing.TestCertificates;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11, part 4: a set-up that fails on a refusal still says QUIT, so that Postfix and Exim log a
 * goodbye rather than "lost connection after AUTH", which fail2ban-style rules punish.
 */
@Timeout(30)
class SmtpClientCourtesyTest {
    private static final TestCertificates CERTS = TestCertificates.get();

    private static void assertQuitLast(ScriptedSmtpServer server) {
        // The client read the reply to QUIT before it threw: the server has recorded it.
        List<String> verbs = server.verbs();
        assertEquals("QUIT", verbs.get(verbs.size() - 1), verbs.toString());
    }

    @Test
    void quitFollowsA535() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().auth("u", "right").start()) {
            SmtpException e = assertThrows(SmtpException.class,
                    () -> clientFor(server).credentials("u", "wrong").build().connect());
            assertEquals(535, e.code());
            assertQuitLast(server);
        }
    }

    @Test
    void quitFollowsA535OverTlsAndStaysEncrypted() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().startTls(CERTS.serverContext()).auth("u", "right")
                .start()) {
            assertThrows(SmtpException.class, () -> clientFor(server).host("localhost").tls(TlsMode.STARTTLS)
                    .sslContext(CERTS.clientContext()).credentials("u", "wrong").build().connect());
            assertQuitLast(server);
            List<RecordedCommand> commands = server.commands();
            assertTrue(commands.get(commands.size() - 1).encrypted(), commands.toString());
        }
    }

    @Test
    void quitFollowsARefusedStartTls() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().startTls(CERTS.serverContext())
                .on(SmtpStage.STARTTLS).reply("454 4.7.0 TLS not available").start()) {
            assertThrows(SmtpException.class, () -> clientFor(server).host("localhost").tls(TlsMode.STARTTLS)
                    .sslContext(CERTS.clientContext()).build().connect());
            assertQuitLast(server);
        }
    }

    @Test
    void quitFollowsStartTlsNotOffered() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().start()) {
            assertThrows(SmtpException.class, () -> clientFor(server).tls(TlsMode.STARTTLS).build().connect());
            assertQuitLast(server);
        }
    }

    @Test
    void quitFollowsARefusingGreetingAndRefusedHelo() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.GREETING).reply("554 5.3.2 no service")
                .start()) {
            assertThrows(SmtpException.class, () -> clientFor(server).build().connect());
            assertQuitLast(server);
        }
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.EHLO).reply("502 unknown")
                .on(SmtpStage.HELO).reply("550 go away").start()) {
            assertThrows(SmtpException.class, () -> clientFor(server).build().connect());
            assertQuitLast(server);
        }
    }

    @Test
    void aSilentServerGetsNoQuitButIsLeftAtTheTimeout() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.EHLO).silence().start()) {
            assertThrows(SmtpException.class,
                    () -> clientFor(server).readTimeout(Duration.ofMillis(300)).build().send(envelope(), message("x")));
            assertEquals(List.of("EHLO"), server.verbs());
        }
    }
}
