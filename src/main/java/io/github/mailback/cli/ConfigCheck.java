package io.github.mailback.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.status.Status;
import io.github.mailback.SmtpAppender;
import io.github.mailback.smtp.SendResult;
import io.github.mailback.smtp.SmtpException;
import io.github.mailback.smtp.SmtpReply;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --check-config logback.xml}: loads the file into a private Logback context, finds every
 * {@link SmtpAppender} in it (also inside wrappers such as AsyncAppender), and sends one test email
 * through each with exactly its settings. Needs Logback on the class path; the plain sender does not.
 */
final class ConfigCheck {
    private ConfigCheck() {
    }

    static int run(Path file, boolean verbose, PrintStream out, PrintStream err) {
        if (!Files.isReadable(file)) {
            err.println("mailback: cannot read " + file);
            return Main.USAGE;
        }
        LoggerContext context = new LoggerContext();
        context.setName("mailback-check-config");
        // Its own MDC adapter: asking SLF4J for one would configure the JVM's default Logback context too.
        context.setMDCAdapter(new LogbackMDCAdapter());
        // The test email checks more than verifyOnStart would: no second connection (Settings.NO_START_CHECK).
        context.putObject("io.github.mailback.noStartCheck", Boolean.TRUE);
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            try {
                configurator.doConfigure(file.toFile());
            } catch (JoranException e) {
                err.println("mailback: " + file + " is not a usable logback configuration: " + e.getMessage());
                return Main.USAGE;
            }
            Map<String, SmtpAppender> appenders = smtpAppenders(context);
            if (appenders.isEmpty()) {
                printErrors(context, err);
                err.println("mailback: no io.github.mailback.SmtpAppender in " + file);
                return Main.USAGE;
            }
            printErrors(context, err);
            int failures = 0;
            for (SmtpAppender appender : appenders.values()) {
                failures += check(appender, verbose, out, err) ? 0 : 1;
            }
            out.println(appenders.size() - failures + " of " + appenders.size() + " appender(s) sent a test email");
            return failures == 0 ? Main.SENT : Main.PERMANENT_FAILURE;
        } finally {
            context.stop();
        }
    }

    private static boolean check(SmtpAppender appender, boolean verbose, PrintStream out, PrintStream err) {
        String name = "appender " + appender.getName();
        if (!appender.isStarted()) {
            err.println(name + ": FAILED: not started (its configuration is wrong: see the status messages above)");
            return false;
        }
        try {
            SendResult result = appender.sendTestEmail(
                    verbose ? (fromClient, line) -> out.println("  " + (fromClient ? "C: " : "S: ") + line) : null);
            out.println(name + ": sent to " + String.join(", ", result.accepted()) + " (" + result.dataReply() + ")");
            for (Map.Entry<String, SmtpReply> refused : result.refused().entrySet()) {
                out.println(name + ": recipient refused: " + refused.getKey() + ": " + refused.getValue());
            }
            return true;
        } catch (SmtpException e) {
            err.println(name + ": FAILED: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            err.println(name + ": FAILED: " + e);
        }
        return false;
    }

    /** Every SmtpAppender reachable from a logger, by name, each once. */
    private static Map<String, SmtpAppender> smtpAppenders(LoggerContext context) {
        Map<String, SmtpAppender> found = new LinkedHashMap<>();
        Map<Appender<?>, Boolean> seen = new IdentityHashMap<>();
        for (Logger logger : context.getLoggerList()) {
            collect(logger, found, seen);
        }
        return found;
    }

    private static void collect(AppenderAttachable<ILoggingEvent> holder, Map<String, SmtpAppender> found,
            Map<Appender<?>, Boolean> seen) {
        for (Iterator<Appender<ILoggingEvent>> it = holder.iteratorForAppenders(); it.hasNext();) {
            Appender<ILoggingEvent> a = it.next();
            if (seen.put(a, Boolean.TRUE) != null) {
                continue;
            }
            if (a instanceof SmtpAppender smtp) {
                found.put(smtp.getName(), smtp);
            } else if (a instanceof AppenderAttachable<?> wrapper) {
                @SuppressWarnings("unchecked")
                AppenderAttachable<ILoggingEvent> inner = (AppenderAttachable<ILoggingEvent>) wrapper;
                collect(inner, found, seen);
            }
        }
    }

    /** Logback's warnings and errors from loading the file: they name the wrong property. */
    private static void printErrors(LoggerContext context, PrintStream err) {
        for (Status s : context.getStatusManager().getCopyOfStatusList()) {
            if (s.getEffectiveLevel() >= Status.WARN) {
                err.println("  " + s.getMessage());
            }
        }
    }
}
