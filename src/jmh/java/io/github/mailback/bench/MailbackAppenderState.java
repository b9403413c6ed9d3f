package io.github.mailback.bench;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import io.github.mailback.SmtpAppender;
import java.io.IOException;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * mailback's SmtpAppender with its default settings (digests, rate limit, its own sender thread),
 * shared by the benchmark's threads. Unlike Logback's, its sender really runs and really mails
 * smtp-sink: what it does on its own thread competes for the same cores as the logging threads.
 */
@State(Scope.Benchmark)
public class MailbackAppenderState {
    /**
     * System property: {@code off} (default), {@code on} (a spool in a fresh folder of java.io.tmpdir) or
     * {@code fsync} (the same with spoolFsync), e.g. {@code -jvmArgsAppend -Dmailback.bench.spool=on}.
     */
    static final String SPOOL = "mailback.bench.spool";
    private java.nio.file.Path spoolDir;
    SmtpSink sink;
    LoggerContext context;
    SmtpAppender appender;
    /** The application's logger, with this appender as its only one (for benchmarks that log). */
    Logger logger;

    @Setup(Level.Trial)
    public void start() throws IOException {
        sink = SmtpSink.start();
        context = new LoggerContext();
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(AppenderSettings.LAYOUT);
        layout.start();
        appender = new SmtpAppender();
        appender.setContext(context);
        appender.setName("mailback-smtp");
        appender.setSmtpHost("127.0.0.1");
        appender.setSmtpPort(sink.port());
        appender.setFrom(SampleMessage.FROM);
        appender.addTo(SampleMessage.TO);
        appender.setSubject(AppenderSettings.SUBJECT);
        appender.setLayout(layout);
        // -Dmailback.bench.redact=off: the sender's cost without redaction, for comparison.
        appender.setRedactSecrets(!"off".equals(System.getProperty("mailback.bench.redact")));
        String spool = System.getProperty(SPOOL, "off");
        if (!spool.equals("off")) {
            spoolDir = java.nio.file.Files.createTempDirectory("mailback-bench-spool");
            appender.setSpoolDir(spoolDir.toString());
            appender.setSpoolFsync(spool.equals("fsync"));
        }
        appender.start();
        if (!appender.isStarted()) {
            throw new IllegalStateException("mailback's SmtpAppender did not start: "
                    + context.getStatusManager().getCopyOfStatusList());
        }
        logger = ApplicationLogger.to(appender);
        SteadyState.tenureStartUpObjects();
    }

    @TearDown(Level.Trial)
    public void stop() {
        appender.stop();
        Statuses.printErrors("mailback SmtpAppender", context);
        System.out.println("mailback SmtpAppender: " + appender.getTriggeringEvents() + " triggering events, "
                + appender.getEmailsSent() + " emails sent, " + appender.getEventsReported() + " events reported, "
                + appender.getInboxOverflow() + " inbox overflows, " + appender.getSendFailures() + " send failures"
                + (spoolDir == null ? "" : ", spool " + System.getProperty(SPOOL) + " in " + spoolDir + ": "
                        + appender.getSpoolBytes() + " bytes"));
        context.stop();
        sink.close();
        if (spoolDir != null) {
            try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.walk(spoolDir)) {
                for (java.nio.file.Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                System.out.println("could not remove the spool " + spoolDir + ": " + e);
            }
        }
    }
}
