package io.github.mailback.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.mailback.testing.ExternalServer;
import io.github.mailback.testing.TestCertificates;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against python3-aiosmtpd (Debian package) with STARTTLS required and AUTH over TLS, run by
 * {@code src/test/resources/aiosmtpd_server.py}. Debian's {@code /usr/bin/python3} is used on purpose:
 * another python3 first on the PATH may lack the package. Skipped only when the module is missing.
 */
@Timeout(60)
class AiosmtpdInteropTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final TestCertificates CERTS = TestCertificates.get();

    @TempDir
    static Path outDir;
    private static ExternalServer server;

    @BeforeAll
    static void startAiosmtpd() throws IOException, URISyntaxException {
        assumeTrue(ExternalServer.isExecutable(PYTHON) && ExternalServer.succeeds(PYTHON, "-c", "import aiosmtpd"),
                "python3-aiosmtpd is not installed");
        Path script = Path.of(AiosmtpdInteropTest.class.getResource("/aiosmtpd_server.py").toURI());
        server = ExternalServer.start(port -> List.of(PYTHON, script.toString(), "127.0.0.1", String.valueOf(port),
                CERTS.certificatePem().toString(), CERTS.privateKeyPem().toString(), outDir.toString(),
                "alice", "s3cret"), Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static SmtpClient.Builder client() {
        return SmtpClient.builder().host("localhost").port(server.port()).heloName("client.test")
                .tls(TlsMode.STARTTLS).sslContext(CERTS.clientContext())
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(10));
    }

    private static MailContent content(String subject, String body) {
        return MailContent.of(("Subject: " + subject + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
    }

    /** Waits up to 10 s for the metadata of a message whose content contains {@code marker}; returns {meta, content}. */
    private static String[] received(String marker) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (var files = Files.list(outDir)) {
                for (Path json : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                    Path eml = Path.of(json.toString().replace(".json", ".eml"));
                    String content = Files.readString(eml, StandardCharsets.UTF_8);
                    if (content.contains(marker)) {
                        return new String[] {Files.readString(json, StandardCharsets.UTF_8), content};
                    }
                }
            }
            // Polled: the server script gives no other signal.
            LockSupport.parkNanos(10_000_000L);
        }
        throw new AssertionError("no message with " + marker + "; server output: " + server.output());
    }

    @Test
    void startTlsThenSendWithDotsIntact() throws IOException {
        try (SmtpConnection c = client().build().connect()) {
            assertTrue(c.isEncrypted());
            assertTrue(c.capabilities().has("AUTH"), "aiosmtpd offers AUTH only over TLS: " + c.capabilities());
            c.send(Envelope.of("app@example.com", "ops@example.com"), content("aio-dots", ".\n.a\r\n..b\rend"));
        }
        String[] m = received("aio-dots");
        assertTrue(m[0].contains("\"tls\": true"), m[0]);
        assertTrue(m[0].contains("\"rcpt_tos\": [\"ops@example.com\"]"), m[0]);
        assertEquals("Subject: aio-dots\r\n\r\n.\r\n.a\r\n..b\r\nend\r\n", m[1]);
    }

    @Test
    void authOverStartTls() throws IOException {
        client().credentials("alice", "s3cret").build()
                .send(Envelope.of("alice@example.com", "ops@example.com"), content("aio-auth", "x"));
        assertTrue(received("aio-auth")[0].contains("\"login\": \"alice\""));
    }

    @Test
    void wrongPasswordIsRefused() throws IOException {
        SmtpException e = assertThrows(SmtpException.class, () -> client().credentials("alice", "nope").build()
                .send(Envelope.of("alice@example.com", "ops@example.com"), content("aio-bad-auth", "x")));
        assertEquals(535, e.code());
    }

    @Test
    void clearTextClientIsRefusedByTheServer() throws IOException {
        SmtpClient clear = client().tls(TlsMode.NONE).build();
        SmtpException e = assertThrows(SmtpException.class,
                () -> clear.send(Envelope.of("app@example.com", "ops@example.com"), content("aio-clear", "x")));
        assertEquals(530, e.code());
        assertFalse(e.isTransient());
    }

    @Test
    void untrustedCertificateIsRefusedByDefault() throws IOException {
        SmtpClient defaultTrust = SmtpClient.builder().host("localhost").port(server.port()).tls(TlsMode.STARTTLS)
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(10)).build();
        assertThrows(SmtpException.class, defaultTrust::connect);
    }

    @Test
    void smtpUtf8Address() throws IOException {
        client().build().send(Envelope.of("app@example.com", "jürgen@example.com"), content("aio-utf8", "x"));
        String meta = received("aio-utf8")[0];
        assertTrue(meta.contains("jürgen@example.com"), meta);
        assertTrue(meta.contains("SMTPUTF8"), meta);
    }

    @Test
    void manyMessagesOnOneConnection() throws IOException {
        try (SmtpConnection c = client().build().connect()) {
            for (int i = 0; i < 10; i++) {
                c.send(Envelope.of("app@example.com", "ops@example.com"), content("aio-many-" + i, "n"));
            }
        }
        for (int i = 0; i < 10; i++) {
            received("aio-many-" + i);
        }
    }

    @Test
    void theAppendersCheckAtStartGivesAiosmtpdsReplyAndTheStarttlsHint() {
        ch.qos.logback.classic.LoggerContext context = new ch.qos.logback.classic.LoggerContext();
        io.github.mailback.SmtpAppender appender = new io.github.mailback.SmtpAppender();
        appender.setContext(context);
        appender.setName("AIO");
        appender.setSmtpHost("127.0.0.1"); // loopback: clear-text AUTH allowed by mailback, refused by the server
        appender.setSmtpPort(server.port());
        appender.setUsername("alice");
        appender.setPassword("s3cret");
        appender.setFrom("app@example.com");
        appender.addTo("ops@example.com");
        appender.setRegisterShutdownHook(false);
        appender.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String check = null;
            while (check == null && System.nanoTime() < deadline) {
                for (ch.qos.logback.core.status.Status s : context.getStatusManager().getCopyOfStatusList()) {
                    if (s.getMessage().startsWith("verifyOnStart") && s.getLevel() == ch.qos.logback.core.status.Status.WARN) {
                        check = s.getMessage();
                    }
                }
                LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            }
            assertTrue(check != null && check.contains("530") && check.contains("set STARTTLS"), String.valueOf(check));
            assertFalse(check.contains("s3cret"), check);
        } finally {
            appender.stop();
        }
    }
}
