package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import io.github.mailback.testing.RecordedCommand;
import io.github.mailback.testing.ScriptedSmtpServer;
import io.github.mailback.testing.SmtpStage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code verifyOnStart}: right after start, in the background, one connection through the appender's
 * own client (EHLO, STARTTLS, AUTH, QUIT), reported as an info status, or a warning with the
 * server's reply and a hint.
 */
@Timeout(30)
class VerifyOnStartTest {
    private static final String PASSWORD = "pw-never-shown-42";
    private final LoggerContext context = new LoggerContext();

    @AfterEach
    void stop() {
        context.stop();
    }

    private SmtpAppender appender(int port, String username) {
        context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());
        SmtpAppender a = new SmtpAppender();
        a.setContext(context);
        a.setName("MAIL");
        a.setSmtpHost("127.0.0.1");
        a.setSmtpPort(port);
        a.setFrom("app@example.com");
        a.addTo("ops@example.com");
        a.setConnectTimeout("2 seconds");
        a.setTimeout("1 second");
        a.setRegisterShutdownHook(false);
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(a); // so that context.stop() stops it
        if (username != null) {
            a.setUsername(username);
            a.setPassword(PASSWORD);
        }
        return a;
    }

    /** The first status of the check, waited for. */
    private Status checkStatus() {
        Await.until("the check's status", Duration.ofSeconds(20), () -> find() != null, this::statuses);
        return find();
    }

    private Status find() {
        for (Status s : context.getStatusManager().getCopyOfStatusList()) {
            if (s.getMessage().startsWith("verifyOnStart")) {
                return s;
            }
        }
        return null;
    }

    private String statuses() {
        return context.getStatusManager().getCopyOfStatusList().stream().map(Status::getMessage)
                .collect(Collectors.joining("\n"));
    }

    @Test
    void aWorkingServerGivesAnInfoWithTheServerAndMechanismAndNoMail() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().auth("alerts", PASSWORD).start()) {
            SmtpAppender a = appender(server.port(), "alerts");
            a.start();
            assertTrue(a.isStarted(), "start() does not wait for the check");

            Status s = checkStatus();
            assertEquals(Status.INFO, s.getLevel(), s.getMessage());
            assertEquals("verifyOnStart: 127.0.0.1:" + server.port() + " works: no TLS, AUTH PLAIN accepted",
                    s.getMessage());
            server.awaitSessionsEnded();
            assertEquals(List.of("EHLO", "AUTH", "QUIT"), server.verbs(), "no mail is sent, and the session ends with QUIT");
            assertEquals(0, a.getEmailsSent());
        }
    }

    @Test
    void greenMailWithoutAuthGivesAnInfo() {
        try (MailServer server = MailServer.start()) {
            appender(server.port(), null).start();
            Status s = checkStatus();
            assertEquals("verifyOnStart: 127.0.0.1:" + server.port() + " works: no TLS, no AUTH", s.getMessage());
            assertEquals(Status.INFO, s.getLevel());
            assertEquals(0, server.messages().size());
        }
    }

    /** What a health check reads: the check's outcome, then the last send's, without a connection of its own. */
    @Test
    void theMailStatusHoldsTheChecksOutcomeThenTheLastSends() {
        try (MailServer server = MailServer.start()) {
            SmtpAppender a = appender(server.port(), null);
            a.setBatchWindow("0");
            assertEquals(new MailStatus(null, null), a.getMailStatus(), "nothing known before start");
            a.start();
            checkStatus();
            MailStatus.Outcome check = a.getMailStatus().startCheck();
            assertTrue(check.ok(), check::toString);
            assertEquals("127.0.0.1:" + server.port() + " works: no TLS, no AUTH", check.detail());
            assertEquals(null, a.getMailStatus().lastSend());

            context.getLogger("com.example.App").error("disk full");
            Await.until("the email", Duration.ofSeconds(20), () -> a.getMailStatus().lastSend() != null, this::statuses);
            MailStatus.Outcome sent = a.getMailStatus().lastSend();
            assertTrue(sent.ok(), sent::toString);
            assertTrue(sent.detail().startsWith("accepted by 127.0.0.1:" + server.port() + ": 250"), sent.detail());
            assertFalse(sent.at().isBefore(check.at()), "the send came after the check");
        }
    }

    @Test
    void aFailedCheckIsInTheMailStatusWithTheServersReply() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().auth("alerts", "the-right-one").start()) {
            SmtpAppender a = appender(server.port(), "alerts");
            a.start();
            checkStatus();
            MailStatus.Outcome check = a.getMailStatus().startCheck();
            assertFalse(check.ok());
            assertTrue(check.detail().contains("535"), check.detail());
            assertFalse(check.detail().contains(PASSWORD), check.detail());
        }
    }

    @Test
    void encryptionRequiredHintsAtStarttls() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().auth("alerts", PASSWORD).on(SmtpStage.AUTH)
                .reply("538 5.7.11 Encryption required for requested authentication mechanism").start()) {
            appender(server.port(), "alerts").start();

            Status s = checkStatus();
            assertEquals(Status.WARN, s.getLevel(), s.getMessage());
            assertTrue(s.getMessage().contains("538 5.7.11 Encryption required"), "the server's reply: " + s.getMessage());
            assertTrue(s.getMessage().contains("set STARTTLS"), s.getMessage());
            assertFalse(statuses().contains(PASSWORD), statuses());
        }
    }

    @Test
    void noAuthOnAClearConnectionHintsAtStarttls() throws Exception {
        // The server offers no AUTH in its EHLO (as Postfix with smtpd_tls_auth_only) and refuses it.
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.AUTH)
                .reply("503 5.5.1 Error: authentication not enabled").start()) {
            appender(server.port(), "alerts").start();

            Status s = checkStatus();
            assertEquals(Status.WARN, s.getLevel(), s.getMessage());
            assertTrue(s.getMessage().contains("503 5.5.1 Error: authentication not enabled"), s.getMessage());
            assertTrue(s.getMessage().contains("the server offers no AUTH on a clear connection: use STARTTLS"),
                    s.getMessage());
        }
    }

    @Test
    void aWrongPasswordIsSaidWithoutThePassword() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().auth("alerts", "the-right-one").start()) {
            appender(server.port(), "alerts").start();

            Status s = checkStatus();
            assertEquals(Status.WARN, s.getLevel(), s.getMessage());
            assertTrue(s.getMessage().contains("535"), s.getMessage());
            assertTrue(s.getMessage().contains("refused the username or password"), s.getMessage());
            assertFalse(statuses().contains(PASSWORD), statuses());
        }
    }

    @Test
    void anUnreachableServerIsAnErrorAndTheAppenderRunsOn() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        SmtpAppender a = appender(closed, null);
        a.start();
        Status s = checkStatus();
        assertEquals(Status.WARN, s.getLevel());
        assertTrue(s.getMessage().contains("127.0.0.1:" + closed), s.getMessage());
        assertTrue(a.isStarted());
    }

    @Test
    void theFirstAlertWaitsForTheCheckAndNeverRacesIt() throws Exception {
        // The check's EHLO gets no answer: it gives up after timeout (3 s); the alert must come after.
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.EHLO).once().silence().start()) {
            SmtpAppender a = appender(server.port(), null);
            a.setTimeout("3 seconds");
            a.setBatchWindow("0 ms");
            a.start();
            context.getLogger("com.example.App").error("first alert");

            Await.until("the MAIL", Duration.ofSeconds(10), () -> server.verbs().contains("MAIL"), () -> statuses() + server.commands());
            RecordedCommand mail = server.awaitCommand("MAIL");
            assertTrue(find() != null, "the alert's MAIL arrived while the check still waited: " + statuses());
            assertEquals(1, mail.connection(), "the check's connection is the first one (0)");
            Await.until("the email", Duration.ofSeconds(10), () -> a.getEmailsSent() == 1, a::counters);
        }
    }

    @Test
    void startingAndStoppingAtOnceNeitherWaitsForTheCheckNorWarns() throws Exception {
        // A server that never greets: the check would take the whole timeout (5 s), more than shutdownTimeout.
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.GREETING).silence().start()) {
            SmtpAppender a = appender(server.port(), null);
            a.setTimeout("5 seconds");
            a.setShutdownTimeout("1 second");
            a.start();
            Await.until("the check to connect", Duration.ofSeconds(10), () -> server.connectionCount() == 1);

            a.stop();

            assertFalse(a.isStarted());
            assertEquals("", LogbackConfig.errorsAndWarnings(context), "stop() must not wait for the check");
        }
    }
}
