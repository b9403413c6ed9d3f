package io.github.mailback.bench;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.net.SMTPAppender;
import java.io.IOException;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Logback's own SMTPAppender (Jakarta Mail through Angus), configured as its manual shows, shared by the
 * benchmark's threads as one appender is shared by an application's. Its emails are handed to a
 * discarding executor (see {@link NoSendLoggerContext}); its SMTP host is smtp-sink all the same, so
 * that nothing could leave the machine.
 */
@State(Scope.Benchmark)
public class LogbackAppenderState {
    SmtpSink sink;
    NoSendLoggerContext context;
    SMTPAppender appender;
    /** The application's logger, with this appender as its only one (for benchmarks that log). */
    Logger logger;

    @Setup(Level.Trial)
    public void start() throws IOException {
        sink = SmtpSink.start();
        context = new NoSendLoggerContext();
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(AppenderSettings.LAYOUT);
        layout.start();
        appender = new SMTPAppender();
        appender.setContext(context);
        appender.setName("logback-smtp");
        appender.setSMTPHost("127.0.0.1");
        appender.setSMTPPort(sink.port());
        appender.setFrom(SampleMessage.FROM);
        appender.addTo(SampleMessage.TO);
        appender.setSubject(AppenderSettings.SUBJECT);
        appender.setLayout(layout);
        appender.start();
        if (!appender.isStarted()) {
            throw new IllegalStateException("Logback's SMTPAppender did not start: "
                    + context.getStatusManager().getCopyOfStatusList());
        }
        logger = ApplicationLogger.to(appender);
        SteadyState.tenureStartUpObjects();
    }

    @TearDown(Level.Trial)
    public void stop() {
        appender.stop();
        Statuses.printErrors("Logback SMTPAppender", context);
        System.out.println("Logback SMTPAppender: " + context.emailsHandedOver()
                + " emails handed to the executor (discarded, not sent)");
        context.stop();
        sink.close();
    }
}
