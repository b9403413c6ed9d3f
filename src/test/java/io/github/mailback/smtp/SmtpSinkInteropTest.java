package io.github.mailback.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.mailback.testing.ExternalServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against Postfix's {@code smtp-sink} (Debian package postfix), with ESMTP and pipelining,
 * and with {@code -e} (no ESMTP, so HELO). smtp-sink dumps each message to a file, which the test reads.
 * Skipped only when smtp-sink is not installed; CI installs it.
 */
@Timeout(60)
class SmtpSinkInteropTest {
    private static final String SMTP_SINK = "/usr/sbin/smtp-sink";

    @TempDir
    Path dumps;

    @BeforeAll
    static void needsSmtpSink() {
        assumeTrue(ExternalServer.isExecutable(SMTP_SINK), SMTP_SINK + " is not installed (Debian package postfix)");
    }

    private ExternalServer startSink(String... options) throws IOException {
        // smtp-sink drops root privileges (-u) and then writes its dumps as that user.
        Files.setPosixFilePermissions(dumps, PosixFilePermissions.fromString("rwxrwxrwx"));
        boolean root = "root".equals(System.getProperty("user.name"));
        return ExternalServer.start(port -> {
            List<String> command = new ArrayList<>(List.of(SMTP_SINK));
            if (root) {
                command.addAll(List.of("-u", "nobody"));
            }
            command.addAll(List.of(options));
            command.addAll(List.of("-d", dumps.resolve("m.").toString(), "127.0.0.1:" + port, "10"));
            return command;
        }, Duration.ofSeconds(10));
    }

    private static SmtpClient.Builder client(ExternalServer sink) {
        return SmtpClient.builder().host("127.0.0.1").port(sink.port()).heloName("client.test")
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(10));
    }

    private static MailContent content(String subject, String body) {
        return MailContent.of(("Subject: " + subject + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
    }

    /** Waits up to 10 s for {@code count} dump files holding the final empty line, and returns them in name order. */
    private List<String> dumpsWhenWritten(int count) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> texts = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            texts.clear();
            try (Stream<Path> files = Files.list(dumps)) {
                for (Path p : files.sorted(Comparator.comparing(Path::toString)).toList()) {
                    texts.add(Files.readString(p, StandardCharsets.ISO_8859_1));
                }
            }
            if (texts.size() >= count && texts.stream().allMatch(t -> t.endsWith("\n\n"))) {
                return texts;
            }
            // Polled: smtp-sink gives no other signal that a dump is complete.
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
        }
        throw new AssertionError("expected " + count + " dumps, found " + texts);
    }

    @Test
    void esmtpWithPipeliningDeliversAndDotsSurvive() throws IOException {
        try (ExternalServer sink = startSink()) {
            try (SmtpConnection c = client(sink).build().connect()) {
                assertTrue(c.capabilities().esmtp());
                assertTrue(c.capabilities().pipelining(), c.capabilities().toString());
                SendResult r = c.send(Envelope.of("app@example.com", "a@example.com", "b@example.com"),
                        content("dots", "one\n.\n..two\r\n.\r\nthree"));
                assertEquals(List.of("a@example.com", "b@example.com"), r.accepted());
                assertEquals(250, r.dataReply().code());
            }
            String dump = dumpsWhenWritten(1).get(0);
            assertTrue(dump.contains("X-Client-Proto: ESMTP"), dump);
            assertTrue(dump.contains("X-Helo-Args: client.test"), dump);
            assertTrue(dump.contains("X-Mail-Args: <app@example.com>"), dump);
            assertTrue(dump.contains("X-Rcpt-Args: <a@example.com>\n") && dump.contains("X-Rcpt-Args: <b@example.com>\n"), dump);
            String unix = dump.replace("\r\n", "\n");
            assertTrue(unix.contains("Subject: dots\n\none\n.\n..two\n.\nthree\n"), dump);
        }
    }

    @Test
    void manyMessagesOnOneConnection() throws IOException {
        try (ExternalServer sink = startSink()) {
            try (SmtpConnection c = client(sink).build().connect()) {
                for (int i = 0; i < 20; i++) {
                    c.send(Envelope.of("app@example.com", "ops@example.com"), content("n" + i, "body " + i));
                }
                assertTrue(c.isUsable());
            }
            List<String> all = dumpsWhenWritten(20);
            for (int i = 0; i < 20; i++) {
                String marker = "Subject: n" + i + "\n";
                assertEquals(1, all.stream().filter(d -> d.replace("\r\n", "\n").contains(marker)).count(), marker);
            }
        }
    }

    @Test
    void withoutEsmtpTheClientFallsBackToHelo() throws IOException {
        try (ExternalServer sink = startSink("-e")) {
            try (SmtpConnection c = client(sink).build().connect()) {
                assertFalse(c.capabilities().esmtp());
                c.send(Envelope.of("app@example.com", "ops@example.com"), content("helo", "plain SMTP"));
            }
            String dump = dumpsWhenWritten(1).get(0);
            assertTrue(dump.contains("X-Client-Proto: SMTP\n"), dump);
            assertTrue(dump.contains("X-Mail-Args: <app@example.com>\n"), "no ESMTP parameters over HELO: " + dump);
        }
    }

    @Test
    void refusedRecipientIsReportedWithSmtpSinksReply() throws IOException {
        // -f RCPT: every RCPT gets smtp-sink's hard error; with no recipient left the send fails.
        try (ExternalServer sink = startSink("-f", "RCPT")) {
            SmtpException e = org.junit.jupiter.api.Assertions.assertThrows(SmtpException.class, () -> client(sink).build()
                    .send(Envelope.of("app@example.com", "ops@example.com"), content("x", "x")));
            assertFalse(e.isTransient());
            assertEquals(5, e.code() / 100);
        }
    }

    @Test
    void reply421ClosesTheConnection() throws IOException {
        try (ExternalServer sink = startSink("-Q", "MAIL")) {
            try (SmtpConnection c = client(sink).build().connect()) {
                SmtpException e = org.junit.jupiter.api.Assertions.assertThrows(SmtpException.class,
                        () -> c.send(Envelope.of("app@example.com", "ops@example.com"), content("x", "x")));
                assertEquals(421, e.code());
                assertFalse(c.isOpen());
            }
        }
    }
}
