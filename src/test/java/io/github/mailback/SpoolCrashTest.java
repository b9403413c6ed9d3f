package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mailback.testing.RecordedMessage;
import io.github.mailback.testing.ScriptedSmtpServer;
import io.github.mailback.testing.SmtpStage;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spool's promise, with real processes: a service in a child JVM logs an ERROR and is killed with SIGKILL
 * at a point of its spool's writing or of its SMTP session; the next start, with the same spoolDir, mails
 * it. Each email arrives at least once and at most twice, twice only byte for byte the same (one
 * Message-ID), and the X-Mailback-Events of the distinct emails add up to the errors logged.
 */
@Timeout(120)
class SpoolCrashTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ERROR = "log:payment failed for an order";

    @TempDir
    Path dir;
    private Path spool;
    private ScriptedSmtpServer server;

    @BeforeEach
    void startServer() throws Exception {
        spool = dir.resolve("spool");
        server = new ScriptedSmtpServer().start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void killedWaitingForTheBatchWindowAfterARecordIsWrittenBeforeItsRename() throws Exception {
        // The first error is in the spool a second before the kill; the second one's records are half written.
        try (LiveJvm run = start(Map.of("batchWindow", "1 hour", "killAt", "written:", "killArm", arm()),
                "wait-spool", ERROR, "pause:1000", "arm", "log:a refund failed", "park")) {
            run.awaitLine("KILLPOINT written", WAIT);
            run.kill();
        }
        assertTrue(files().anyMatch(n -> n.endsWith(".tmp")), "no record was left half written: " + files().toList());
        Map<String, List<byte[]>> mails = restart(1);
        assertEquals(1, events(mails), "the error of before the kill, nothing of the half-written record");
        assertTrue(files().noneMatch(n -> n.endsWith(".tmp")), "the half-written record is removed at the start");
    }

    @Test
    void killedWaitingForTheBatchWindowRightAfterTheStateIsRenamed() throws Exception {
        try (LiveJvm run = start(Map.of("batchWindow", "1 hour", "killAt", "renamed:state", "killArm", arm()),
                "wait-spool", "arm", ERROR, "park")) {
            run.awaitLine("KILLPOINT renamed state", WAIT);
            run.kill();
        }
        assertEquals(1, events(restart(1)));
    }

    @Test
    void killedWhileTheSenderIsBlockedConnectingWithAnErrorLoggedMeanwhile() throws Exception {
        server.on(SmtpStage.GREETING).once().silence();
        // The send hangs on the greeting; an error logged meanwhile reaches the spool all the same.
        try (LiveJvm run = start(Map.of("timeout", "30 seconds"), "wait-spool", ERROR, "pause:500",
                "log:a refund failed", "pause:1000", "print:LOGGED", "park")) {
            run.awaitLine("LOGGED", WAIT);
            assertEquals(1, server.connectionCount(), "the first email still hangs");
            run.kill();
        }
        Map<String, List<byte[]>> mails = restart(2);
        assertEquals(2, events(mails), "the email that hung, sent again, and the error logged meanwhile");
    }

    @Test
    void killedBeforeMail() throws Exception {
        server.on(SmtpStage.EHLO).once().silence();
        try (LiveJvm run = start(Map.of(), "wait-spool", ERROR, "park")) {
            server.awaitCommand("EHLO");
            run.kill();
        }
        assertEquals(1, events(restart(1)));
    }

    @Test
    void killedAfterTheFinalDotBeforeTheReply() throws Exception {
        server.on(SmtpStage.DATA_END).once().silence();
        try (LiveJvm run = start(Map.of(), "wait-spool", ERROR, "park")) {
            Await.until("the message", WAIT, () -> server.messages().size() == 1, run::output);
            run.kill();
        }
        Map<String, List<byte[]>> mails = restart(2);
        assertEquals(1, events(mails));
        assertTrue(mails.values().stream().anyMatch(copies -> copies.size() == 2),
                "the email whose reply never came goes once more, the same: " + mails.keySet());
    }

    @Test
    void killedAfterTheReplyBeforeTheSpoolLetsTheEmailGo() throws Exception {
        Path arm = Path.of(arm());
        // The server arms the kill point before its 250: the child's next state write parks before its rename.
        server.on(SmtpStage.DATA_END).once().reply("250 2.0.0 Ok: queued", () -> touch(arm));
        try (LiveJvm run = start(Map.of("killAt", "written:state", "killArm", arm.toString()), "wait-spool", ERROR,
                "park")) {
            run.awaitLine("KILLPOINT written state", WAIT);
            run.kill();
        }
        Map<String, List<byte[]>> mails = restart(2);
        assertEquals(1, events(mails));
        assertTrue(mails.values().stream().anyMatch(copies -> copies.size() == 2), mails.keySet().toString());
    }

    @Test
    void killedWhileRetrying() throws Exception {
        server.on(SmtpStage.MAIL).reply("451 4.3.0 Try again later");
        try (LiveJvm run = start(Map.of(), "wait-spool", ERROR, "park")) {
            Await.until("a retry", WAIT, () -> server.verbs().stream().filter("MAIL"::equals).count() >= 2, run::output);
            run.kill();
        }
        server.close();
        server = new ScriptedSmtpServer().start();
        assertEquals(1, events(restart(1)));
    }

    // ---------------------------------------------------------------- the harness

    private String arm() {
        return dir.resolve("arm").toString();
    }

    private static void touch(Path file) {
        try {
            Files.createFile(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private LiveJvm start(Map<String, String> timings, String... steps) throws Exception {
        Map<String, String> p = new HashMap<>(timings);
        p.put("smtpPort", Integer.toString(server.port()));
        p.put("spoolDir", spool.toString());
        p.putIfAbsent("batchWindow", "0 seconds");
        p.putIfAbsent("retryFor", "10 minutes");
        return LiveJvm.start(SpoolChild.class, p, steps);
    }

    /** The spool's files of the appender (the lock and the corrupt folder aside). */
    private Stream<String> files() throws Exception {
        try (Stream<Path> s = Files.list(spool.resolve("default").resolve("EMAIL"))) {
            return s.map(p -> p.getFileName().toString()).toList().stream();
        }
    }

    /**
     * Starts the service again with the same spoolDir against a server that now accepts everything, waits for
     * {@code messages} messages in all (both runs), stops it with SIGTERM; returns the messages by Message-ID.
     */
    private Map<String, List<byte[]>> restart(int messages) throws Exception {
        try (LiveJvm run = start(Map.of(), "wait-spool", "print:STARTED", "park")) {
            run.awaitLine("STARTED", WAIT);
            Await.until(messages + " message(s)", WAIT, () -> server.messages().size() >= messages, run::output);
            assertEquals(143, run.terminate(), run.output());
            Map<String, List<byte[]>> byId = new LinkedHashMap<>();
            for (RecordedMessage m : server.messages()) {
                byId.computeIfAbsent(MailServer.header(mime(m), "Message-ID"), k -> new java.util.ArrayList<>())
                        .add(m.data());
            }
            for (Map.Entry<String, List<byte[]>> e : byId.entrySet()) {
                List<byte[]> copies = e.getValue();
                assertTrue(copies.size() <= 2, "more than twice: " + e.getKey());
                if (copies.size() == 2) {
                    assertArrayEquals(copies.get(0), copies.get(1), "sent again, but not the same bytes: " + e.getKey());
                }
            }
            return byId;
        }
    }

    /** The X-Mailback-Events of the distinct emails, added up. */
    private static long events(Map<String, List<byte[]>> mails) throws Exception {
        long n = 0;
        for (List<byte[]> copies : mails.values()) {
            n += MailServer.events(new MimeMessage(null, new ByteArrayInputStream(copies.get(0))));
        }
        return n;
    }

    private static MimeMessage mime(RecordedMessage m) throws Exception {
        return new MimeMessage(null, new ByteArrayInputStream(m.data()));
    }
}
