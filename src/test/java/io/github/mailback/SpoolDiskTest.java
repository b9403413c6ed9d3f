package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A spool that cannot be written, or that fills up, never stands in the way of mailing. */
@Timeout(60)
class SpoolDiskTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    /** Every appender started, stopped after the test whatever happened. */
    private final java.util.List<SmtpAppender> started = new java.util.ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void stopAll() {
        started.forEach(SpoolDiskTest::stop);
    }

    @Test
    void aSpoolDirThatCannotBeCreatedIsReportedByNameAndMailingGoesOn() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        try (MailServer server = MailServer.start()) {
            SmtpAppender a = appender(server.port(), file.resolve("spool"), "0 seconds", "10 MB");
            assertTrue(statuses(a).contains("spoolDir: cannot create the spool directory"), statuses(a));
            ((LoggerContext) a.getContext()).getLogger("com.example.Orders").error("payment failed");
            Await.until("the email", WAIT, () -> server.messages().size() == 1, a::counters);
            stop(a);
        }
    }

    @Test
    void anIoErrorMidRunIsReportedOnceAndMailingGoesOnFromMemory() throws Exception {
        try (MailServer server = MailServer.start()) {
            SmtpAppender a = appender(server.port(), dir.resolve("spool"), "0 seconds", "10 MB");
            Await.until("the spool", WAIT, () -> a.getSpoolEntries() == 1, a::counters);
            // The appender's folder is replaced by a file: every write fails from now on.
            Path folder = dir.resolve("spool").resolve("orders").resolve("EMAIL");
            try (var files = Files.list(folder)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(folder);
            Files.writeString(folder, "in the way");
            LoggerContext context = (LoggerContext) a.getContext();
            for (int i = 0; i < 3; i++) {
                context.getLogger("com.example.Orders").error("payment failed " + i);
            }
            Await.until("the emails", WAIT, () -> a.getEventsReported() == 3, a::counters);
            String statuses = statuses(a);
            assertTrue(statuses.contains("Spool: could not write the spool"), statuses);
            assertEquals(statuses.indexOf("could not write the spool"), statuses.lastIndexOf("could not write the spool"),
                    "said once: " + statuses);
            stop(a);
        }
    }

    @Test
    void aFullSpoolDropsTheOldestDetailsAndKeepsEveryCount() throws Exception {
        try (MailServer server = MailServer.start()) {
            SmtpAppender a = appender(server.port(), dir.resolve("spool"), "1 hour", "64 KB");
            LoggerContext context = (LoggerContext) a.getContext();
            // 60 errors of 50 groups at most (maxGroups), each after 40 lines of context: some 400 KB of examples.
            String line = "x".repeat(200);
            for (int i = 0; i < 60; i++) {
                for (int j = 0; j < 40; j++) {
                    context.getLogger("com.example.Steps").info("step {} of order {}: {}", j, i, line);
                }
                context.getLogger("com.example.Orders" + i).error("order " + i + " failed"); // a group each
            }
            Await.until("all 60 taken in", WAIT, () -> a.getEventsHeld() == 60, a::counters);
            Await.until("the spool trimmed", WAIT, () -> a.getSpoolTrimmed() > 0 && a.getSpoolBytes() <= 64 * 1024,
                    () -> a.counters() + " bytes=" + a.getSpoolBytes());
            assertTrue(statuses(a).contains("The spool reached maxSpoolSize"), statuses(a));
            stop(a);
            long events = 0;
            for (MimeMessage m : server.distinctMessages()) {
                events += MailServer.events(m);
            }
            assertEquals(60, events, "every count kept");
        }
    }

    private SmtpAppender appender(int port, Path spoolDir, String batchWindow, String maxSpoolSize) {
        LoggerContext context = new LoggerContext();
        context.setName("orders");
        context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());
        SmtpAppender a = new SmtpAppender();
        a.setContext(context);
        a.setName("EMAIL");
        a.setSmtpHost("127.0.0.1");
        a.setSmtpPort(port);
        a.setFrom("orders@example.com");
        a.addTo("ops@example.com");
        a.setBatchWindow(batchWindow);
        a.setRateLimit("100/minute");
        a.setSpoolDir(spoolDir.toString());
        a.setMaxSpoolSize(maxSpoolSize);
        a.setVerifyOnStart(false);
        a.setRegisterShutdownHook(false);
        a.setPrintStatus("off");
        a.start();
        started.add(a);
        assertTrue(a.isStarted(), statuses(a));
        context.getLogger("ROOT").addAppender(a);
        return a;
    }

    private static String statuses(SmtpAppender a) {
        StringBuilder sb = new StringBuilder();
        for (Status s : a.getContext().getStatusManager().getCopyOfStatusList()) {
            sb.append(s.getMessage()).append('\n');
        }
        return sb.toString();
    }

    private static void stop(SmtpAppender a) {
        a.setShutdownTimeout("10 seconds");
        ((LoggerContext) a.getContext()).stop();
    }
}
