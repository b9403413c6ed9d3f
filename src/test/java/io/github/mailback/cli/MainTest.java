package io.github.mailback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import io.github.mailback.testing.ScriptedSmtpServer;
import io.github.mailback.testing.SmtpStage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The command line, run in-process against GreenMail, and once in a JVM without Logback. */
@Timeout(30)
class MainTest {
    @RegisterExtension
    static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("ops@example.com", "ops", "pa55word"))
            .withPerMethodLifecycle(true);

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, Map<String, String> env, String... args) {
        return Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env);
    }

    private String[] server(String... more) {
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port",
                String.valueOf(GREENMAIL.getSmtp().getPort()), "--timeout", "5"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** docs/cli.md: --timeout defaults to 30 seconds, and a whole message must go within ten times that. */
    @Test
    void theTimeoutDefaultsToThirtySecondsAndAMessageToTenTimesThat() throws Exception {
        Options o = Options.parse(new String[] {"--from", "a@example.com", "--to", "b@example.com"});
        assertEquals(30, o.timeoutSeconds);
        assertEquals(10, Options.MESSAGE_TIMEOUTS);
        assertTrue(Options.USAGE.contains("(default 30)") && Options.USAGE.contains("within 10 times that"),
                Options.USAGE);
    }

    @Test
    void mailsAFileWithItsNameAsSubjectAndBccOnlyInTheEnvelope() throws Exception {
        Path file = dir.resolve("report.txt");
        String longLine = "x".repeat(5000);
        String text = "Grüße aus Köln ✓\n.\n" + longLine + "\nend";
        Files.writeString(file, text);

        int status = run("", Map.of(), server("--from", "App <app@example.com>", "--to", "a@example.com, b@example.com",
                "--cc", "\"Doe, Jane\" <jane@example.com>", "--bcc", "hidden@example.com", file.toString()));

        assertEquals(Main.SENT, status, stderr());
        assertTrue(GREENMAIL.waitForIncomingEmail(5000, 4));
        MimeMessage m = GREENMAIL.getReceivedMessages()[0];
        assertEquals("report.txt", m.getSubject());
        assertEquals("App", ((InternetAddress) m.getFrom()[0]).getPersonal());
        assertEquals(2, m.getRecipients(RecipientType.TO).length);
        assertEquals("Doe, Jane", ((InternetAddress) m.getRecipients(RecipientType.CC)[0]).getPersonal());
        assertNull(m.getHeader("Bcc"));
        assertTrue(m.getHeader("Date") != null && m.getHeader("Message-ID") != null);
        assertEquals(text.replace("\n", "\r\n"), ((String) m.getContent()).stripTrailing());
        long hidden = GREENMAIL.getReceivedMessagesForDomain("example.com").length;
        assertEquals(4, hidden, "a, b, jane and the bcc recipient each got a copy");
    }

    @Test
    void readsStandardInputWithSubjectStdinAndKeepsNonAsciiSubjects() throws Exception {
        assertEquals(Main.SENT, run("from stdin\n", Map.of(), server("--from", "app@example.com", "--to", "a@example.com")),
                stderr());
        assertEquals(Main.SENT, run("second\n", Map.of(),
                server("--from", "app@example.com", "--to", "a@example.com", "--subject", "Δοκιμή 🚀", "-")), stderr());
        assertTrue(GREENMAIL.waitForIncomingEmail(5000, 2));
        MimeMessage[] received = GREENMAIL.getReceivedMessages();
        assertEquals("stdin", received[0].getSubject());
        assertEquals("Δοκιμή 🚀", received[1].getSubject());
    }

    @Test
    void emptyStandardInputIsRefusedUnlessAllowed() throws Exception {
        assertEquals(Main.USAGE, run("", Map.of(), server("--from", "app@example.com", "--to", "a@example.com")));
        assertTrue(stderr().contains("standard input is empty"), stderr());
        assertEquals(0, GREENMAIL.getReceivedMessages().length);
        assertEquals(Main.SENT, run("", Map.of(), server("--from", "app@example.com", "--to", "a@example.com",
                "--allow-empty")), stderr());
        assertTrue(GREENMAIL.waitForIncomingEmail(5000, 1));
    }

    @Test
    void standardInputIsCopiedToAFileOnlyItsOwnerCanReadAndDeletedAfter() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        List<String> seenAtTheEnd = new ArrayList<>();
        InputStream stdin = new ByteArrayInputStream("piped through a copy\n".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                int n = super.read(b, off, len);
                if (n < 0 && seenAtTheEnd.isEmpty()) {
                    try (Stream<Path> files = Files.list(tmp)) {
                        for (Path f : files.toList()) {
                            seenAtTheEnd.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return n;
            }
        };
        int status = Main.run(server("--from", "app@example.com", "--to", "a@example.com"), stdin,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("TMPDIR", tmp.toString()));

        assertEquals(Main.SENT, status, stderr());
        assertEquals(List.of("rw-------"), seenAtTheEnd, "one copy, for its owner only, while standard input was read");
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(), files.toList(), "the copy is deleted after the send");
        }
        assertTrue(GREENMAIL.waitForIncomingEmail(5000, 1));
        assertEquals("piped through a copy", ((String) GREENMAIL.getReceivedMessages()[0].getContent()).stripTrailing());
    }

    /** A pipe given as FILE ({@code <(command)}, {@code /dev/stdin}) cannot be read twice: it is copied first. */
    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFileThatIsAPipeIsCopiedBeforeItIsRead() throws Exception {
        Path fifo = dir.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
        Thread writer = new Thread(() -> {
            try {
                Files.writeString(fifo, "from a pipe, with a line that is long: " + "x".repeat(2000) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "fifo-writer");
        writer.setDaemon(true);
        writer.start();
        Path tmp = Files.createDirectory(dir.resolve("tmp"));

        int status = run("", Map.of("TMPDIR", tmp.toString()), server("--from", "app@example.com", "--to",
                "a@example.com", fifo.toString()));

        assertEquals(Main.SENT, status, stderr());
        assertTrue(GREENMAIL.waitForIncomingEmail(5000, 1));
        MimeMessage m = GREENMAIL.getReceivedMessages()[0];
        assertEquals("fifo", m.getSubject());
        assertEquals("from a pipe, with a line that is long: " + "x".repeat(2000), ((String) m.getContent()).stripTrailing());
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void aBadAddressIsRefusedBeforeStandardInputIsRead() {
        InputStream unread = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("standard input read");
            }
        };
        int status = Main.run(server("--from", "not an address", "--to", "a@example.com"), unread,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of());
        assertEquals(Main.USAGE, status, stderr());
    }

    @Test
    void atATerminalItSaysThatItReadsStandardInput() {
        String[] args = server("--from", "app@example.com", "--to", "a@example.com");
        assertEquals(Main.SENT, Main.run(args, new ByteArrayInputStream("typed\n".getBytes(StandardCharsets.UTF_8)),
                true, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of()), stderr());
        assertTrue(stderr().startsWith("mailback: reading the message from standard input"), stderr());
        err.reset();
        assertEquals(Main.SENT, run("piped\n", Map.of(), args));
        assertEquals("", stderr(), "no note when standard input is not a terminal");
    }

    @Test
    void aHostListFailsOverAndSaysWhichServerTookTheEmail() throws Exception {
        try (ScriptedSmtpServer busy = new ScriptedSmtpServer().on(SmtpStage.GREETING).reply("421 4.3.2 busy").start()) {
            String gm = "127.0.0.1:" + GREENMAIL.getSmtp().getPort();
            int status = run("x", Map.of(), "--host", "127.0.0.1:" + busy.port() + "," + gm, "--from",
                    "app@example.com", "--to", "a@example.com", "--timeout", "5");
            assertEquals(Main.SENT, status, stderr());
            assertTrue(stderr().contains("sent through " + gm + " after 127.0.0.1:" + busy.port()), stderr());
            assertTrue(GREENMAIL.waitForIncomingEmail(5000, 1));
        }
    }

    @Test
    void aRecipientRefusedForNowIsNamedAndItsRetryLeftToTheCaller() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.RCPT, "grey@")
                .reply("450 4.2.0 greylisted").start()) {
            int status = run("x", Map.of(), "--host", server.host(), "--port", String.valueOf(server.port()),
                    "--from", "app@example.com", "--to", "ops@example.com,grey@example.com", "--timeout", "5");
            assertEquals(Main.SENT, status, stderr());
            assertTrue(stderr().contains("recipient refused for now: grey@example.com")
                    && stderr().contains("not retried"), stderr());
            assertEquals(1, server.messages().size());
        }
    }

    @Test
    void anSmtpsClientOnAPlainPortIsToldToUseStartTlsAndFailsForGood() {
        int status = run("x", Map.of(), server("--from", "app@example.com", "--to", "a@example.com", "--tls", "smtps"));
        assertEquals(Main.PERMANENT_FAILURE, status, stderr());
        assertTrue(stderr().contains("use STARTTLS / --tls starttls"), stderr());
    }

    @Test
    void verboseShowsTheDialogueWithAuthRedacted() {
        int status = run("hello", Map.of("SMTP_PASSWORD", "pa55word"), server("--from", "ops@example.com",
                "--to", "a@example.com", "--user", "ops", "--password-env", "SMTP_PASSWORD", "--verbose"));
        assertEquals(Main.SENT, status, stderr());
        String dialogue = stderr();
        assertTrue(dialogue.contains("C: AUTH PLAIN <redacted>"), dialogue);
        assertTrue(dialogue.contains("S: 235"), dialogue);
        String secret = Base64.getEncoder().encodeToString("\0ops\0pa55word".getBytes(StandardCharsets.UTF_8));
        assertFalse(dialogue.contains(secret) || dialogue.contains("pa55word"), dialogue);
    }

    @Test
    void wrongPasswordFailsForGoodWithTheServersReplyOnOneLine() {
        int status = run("hello", Map.of("P", "wrong"), server("--from", "ops@example.com", "--to", "a@example.com",
                "--user", "ops", "--password-env", "P"));
        assertEquals(Main.PERMANENT_FAILURE, status);
        String line = stderr();
        assertTrue(line.startsWith("mailback: ") && line.contains("535"), line);
        assertEquals(1, line.lines().count(), line);
    }

    @Test
    void anUnreachableServerIsATransientFailure() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int status = run("x", Map.of(), "--host", "127.0.0.1", "--port", String.valueOf(port), "--from", "a@example.com",
                "--to", "b@example.com");
        assertEquals(Main.TRANSIENT_FAILURE, status);
        assertEquals(1, stderr().lines().count(), stderr());
    }

    @Test
    void usageErrorsSayWhatIsWrong() {
        assertEquals(Main.USAGE, run("", Map.of(), "--to", "a@example.com"));
        assertTrue(stderr().contains("--from is required"), stderr());
        assertEquals(Main.USAGE, run("", Map.of(), "--from", "a@example.com", "--to", "b@example.com", "--password", "x"));
        assertTrue(stderr().contains("--password-env"), stderr());
        assertEquals(Main.USAGE, run("", Map.of(), server("--from", "a@example.com", "--to", "b@example.com",
                "--user", "u", "--password-env", "NOT_SET")));
        assertTrue(stderr().contains("NOT_SET is not set"), stderr());
        assertEquals(Main.USAGE, run("", Map.of(), "--from", "a@example.com", "--to", "b@example.com", "--tls", "maybe"));
        assertEquals(Main.USAGE, run("", Map.of(), server("--from", "a@example.com", "--to", "b@example.com",
                dir.resolve("missing.txt").toString())));
        assertTrue(stderr().contains("no such file"), stderr());
        assertEquals(0, GREENMAIL.getReceivedMessages().length);
    }

    @Test
    void aControlCharacterInAnAddressIsRefusedBeforeAnythingIsSent() {
        int status = run("x", Map.of(), server("--from", "a@example.com\r\nRCPT TO:<evil@example.com>", "--to",
                "b@example.com"));
        assertEquals(Main.USAGE, status);
        assertEquals(0, GREENMAIL.getReceivedMessages().length);
    }

    @Test
    void runsWithoutLogbackOnTheClassPath() throws Exception {
        Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", classes.toString(), "io.github.mailback.cli.Main",
                "--host", "127.0.0.1", "--port", String.valueOf(GREENMAIL.getSmtp().getPort()),
                "--from", "app@example.com", "--to", "a@example.com", "--subject", "child")
                .redirectErrorStream(true).start();
        p.getOutputStream().write("from a JVM with only mailback\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), output);
        assertTrue(GREENMAIL.waitForIncomingEmail(5000, 1));
        assertEquals("child", GREENMAIL.getReceivedMessages()[0].getSubject());
    }
}
