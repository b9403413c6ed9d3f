package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spool damaged between two runs (a torn write, a disk error, a hand edit): the damaged file is moved aside
 * to corrupt/, counted and reported once; the start goes on, mails what could be read, and the next start
 * does not meet the damage again.
 */
@Timeout(60)
class SpoolCorruptionTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    /** Every run started, stopped after the test whatever happened. */
    private final java.util.List<Run> started = new java.util.ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void stopAll() {
        started.forEach(Run::stop);
    }

    @Test
    void aFlippedBitInTheState() throws Exception {
        Path spool = killedRunSpool();
        flipBit(spool.resolve("state"), Files.size(spool.resolve("state")) / 2);
        assertStateLost(spool);
    }

    @Test
    void theStateCutShort() throws Exception {
        Path spool = killedRunSpool();
        truncate(spool.resolve("state"), Files.size(spool.resolve("state")) - 7);
        assertStateLost(spool);
    }

    @Test
    void aZeroLengthState() throws Exception {
        Path spool = killedRunSpool();
        truncate(spool.resolve("state"), 0);
        assertStateLost(spool);
    }

    @Test
    void aDirectoryWhereTheStateBelongs() throws Exception {
        Path spool = killedRunSpool();
        Files.delete(spool.resolve("state"));
        Files.createDirectory(spool.resolve("state"));
        assertStateLost(spool);
    }

    @Test
    void aJunkFileIsMovedAsideAndTheRestRecovered() throws Exception {
        Path spool = killedRunSpool();
        Files.writeString(spool.resolve("notes.txt"), "MBSP\u0001\u0001 not a record\n");
        try (MailServer server = MailServer.start()) {
            Run run = new Run(server.port());
            Await.until("the recovered email", WAIT, () -> server.messages().size() == 1, run.appender::counters);
            assertEquals(1, run.appender.getSpoolRecovered());
            assertEquals(1, run.appender.getSpoolQuarantined());
            assertTrue(Files.exists(spool.resolve("corrupt")), "moved aside");
            assertTrue(run.statuses().contains("notes.txt could not be read"), run.statuses());
            run.stop();
        }
    }

    @Test
    void aFlippedBitInAnExampleKeepsItsGroupsCount() throws Exception {
        Path spool = killedRunSpool();
        Path example;
        try (Stream<Path> files = Files.list(spool)) {
            example = files.filter(p -> p.getFileName().toString().startsWith("ex-")).findFirst().orElseThrow();
        }
        flipBit(example, 20);
        try (MailServer server = MailServer.start()) {
            Run run = new Run(server.port());
            Await.until("the recovered email", WAIT, () -> server.messages().size() == 1, run.appender::counters);
            MimeMessage m = server.messages().get(0);
            assertEquals(1, MailServer.events(m));
            assertTrue(MailServer.body(m).contains("the details of this group were lost from the spool"),
                    MailServer.body(m));
            assertEquals(1, run.appender.getSpoolQuarantined());
            run.stop();
        }
    }

    /** The state is moved aside; the run goes on and mails new errors; the next run finds no damage. */
    private void assertStateLost(Path spool) throws Exception {
        try (MailServer server = MailServer.start()) {
            Run run = new Run(server.port());
            Await.until("the quarantine", WAIT, () -> run.appender.getSpoolQuarantined() == 1, run.appender::counters);
            assertEquals(0, run.appender.getSpoolRecovered());
            assertTrue(run.statuses().contains("state could not be read"), run.statuses());
            try (Stream<Path> corrupt = Files.list(spool.resolve("corrupt"))) {
                assertEquals(1, corrupt.count());
            }
            run.context.getLogger("com.example.Orders").error("a new error, after the damaged start");
            Await.until("the new error's email", WAIT, () -> server.messages().size() == 1, run.appender::counters);
            run.stop();

            Run again = new Run(server.port());
            Await.until("the start", WAIT, () -> again.appender.getSpoolEntries() >= 1, again.appender::counters);
            assertEquals(0, again.appender.getSpoolQuarantined(), "the damage is met once");
            again.stop();
        }
    }

    /**
     * A spool as a killed run leaves it, one error waiting for its batch: the files of a running appender,
     * copied while it runs (a SIGKILL leaves what was written), to the folder the next runs use.
     */
    private Path killedRunSpool() throws Exception {
        Path target = dir.resolve("spool").resolve("orders").resolve("EMAIL");
        try (MailServer server = MailServer.start()) {
            Run run = new Run(server.port(), dir.resolve("live"), "1 hour");
            run.context.getLogger("com.example.Orders").error("payment failed", new IllegalStateException("down"));
            Await.until("the spooled error", WAIT, () -> run.appender.getSpoolEntries() == 2, run.appender::counters);
            Files.createDirectories(target);
            try (Stream<Path> files = Files.list(dir.resolve("live").resolve("orders").resolve("EMAIL"))) {
                for (Path p : files.toList()) {
                    if (Files.isRegularFile(p) && !p.getFileName().toString().equals("lock")) {
                        Files.copy(p, target.resolve(p.getFileName()));
                    }
                }
            }
            run.stop();
        }
        return target;
    }

    private static void flipBit(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x10);
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
    }

    /** One run of the service, in this JVM: context "orders", appender EMAIL, spool in dir/spool. */
    private final class Run {
        final LoggerContext context = new LoggerContext();
        final SmtpAppender appender = new SmtpAppender();

        Run(int port) {
            this(port, dir.resolve("spool"), "0 seconds");
        }

        Run(int port, Path spoolDir, String batchWindow) {
            context.setName("orders");
            context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());
            appender.setContext(context);
            appender.setName("EMAIL");
            appender.setSmtpHost("127.0.0.1");
            appender.setSmtpPort(port);
            appender.setFrom("orders@example.com");
            appender.addTo("ops@example.com");
            appender.setBatchWindow(batchWindow);
            appender.setSpoolDir(spoolDir.toString());
            appender.setReportUncleanExit(false);
            appender.setVerifyOnStart(false);
            appender.setRegisterShutdownHook(false);
            appender.setPrintStatus("off");
            appender.start();
            started.add(this);
            assertTrue(appender.isStarted(), statuses());
            context.getLogger("ROOT").addAppender(appender);
        }

        String statuses() {
            StringBuilder sb = new StringBuilder();
            List<Status> list = context.getStatusManager().getCopyOfStatusList();
            for (Status s : list) {
                sb.append(s.getMessage()).append('\n');
            }
            return sb.toString();
        }

        void stop() {
            appender.setShutdownTimeout("5 seconds");
            context.stop();
        }
    }
}
