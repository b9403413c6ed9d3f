package io.github.mailback.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
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
import io.github.mailback.spool.SpoolReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --check-config logback.xml}: loads the file into a private Logback context, finds every
 * {@link SmtpAppender} in it (also inside wrappers such as AsyncAppender), and sends one test email
 * through each with exactly its settings. Needs Logback on the class path; the plain sender does not.
 */
final class ConfigCheck {
    private static final Pattern UNDEFINED = Pattern.compile("([A-Za-z0-9_.-]+)_IS_UNDEFINED");

    private ConfigCheck() {
    }

    static int run(Path file, Options options, Map<String, String> env, PrintStream out, PrintStream err) {
        if (!Files.isReadable(file)) {
            err.println("mailback: cannot read " + file);
            return Main.USAGE;
        }
        // Unnamed, as the application's context is before its configuration: a <contextName> names it.
        LoggerContext context = new LoggerContext();
        // Its own MDC adapter: asking SLF4J for one would configure the JVM's default Logback context too.
        context.setMDCAdapter(new LogbackMDCAdapter());
        // The appenders only send the test email: no verifyOnStart connection, no meters (Settings.CONFIG_CHECK).
        context.putObject("io.github.mailback.configCheck", Boolean.TRUE);
        options.properties.forEach(context::putProperty);
        List<String> profiles = new ArrayList<>(options.profiles);
        SpringXml configurator = new SpringXml(options.properties, env, profiles, out);
        if (profiles.isEmpty()) {
            String active = configurator.lookUp("spring.profiles.active");
            profiles.addAll(List.of((active == null || active.isBlank() ? "default" : active).split("\\s*,\\s*")));
        }
        try {
            configurator.setContext(context);
            try {
                configurator.doConfigure(file.toFile());
            } catch (JoranException e) {
                err.println("mailback: " + file + " is not a usable logback configuration: " + e.getMessage());
                return Main.USAGE;
            }
            Map<String, SmtpAppender> appenders = smtpAppenders(context);
            boolean includeFailed = printErrors(context, err);
            // Reported before any connection: an undefined ${NAME} would otherwise send Logback's NAME_IS_UNDEFINED
            // to a DNS lookup.
            Set<String> undefined = new TreeSet<>();
            for (Status s : context.getStatusManager().getCopyOfStatusList()) {
                undefined(s.getMessage(), undefined);
            }
            for (SmtpAppender a : appenders.values()) {
                undefined(String.join(" ", a.getSmtpHost(), a.getFrom(), a.getUsername(), a.getPassword(),
                        a.getLocalhost(), a.getSubject(), String.join(" ", a.getToAsListOfString())), undefined);
            }
            for (String name : undefined) {
                String source = configurator.undefined.get(name);
                err.println("undefined: ${" + name + "}" + (source != null
                        ? ", the springProperty of " + source + ": give --property " + source + "=VALUE"
                        : ": give --property " + name + "=VALUE, -D" + name + "=VALUE or the environment variable"));
            }
            if (appenders.isEmpty()) {
                err.println("mailback: no io.github.mailback.SmtpAppender in " + file + (includeFailed
                        ? ", and an <include> failed (above): put the jar or file it names on the class path" : ""));
                return Main.USAGE;
            }
            int failures = 0;
            for (SmtpAppender appender : appenders.values()) {
                failures += check(appender, undefined.isEmpty(), options.verbose, out, err) ? 0 : 1;
                if (appender.isStarted()) {
                    spool(appender, "appender " + appender.getName(), out);
                }
            }
            out.println(appenders.size() - failures + " of " + appenders.size() + " appender(s) sent a test email");
            return failures == 0 ? Main.SENT : Main.PERMANENT_FAILURE;
        } finally {
            context.stop();
        }
    }

    /** Adds each NAME of Logback's NAME_IS_UNDEFINED (what an undefined ${NAME} becomes) in {@code text}. */
    private static void undefined(String text, Set<String> names) {
        Matcher m = UNDEFINED.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
    }

    private static boolean check(SmtpAppender appender, boolean defined, boolean verbose, PrintStream out,
            PrintStream err) {
        String name = "appender " + appender.getName();
        if (!appender.isStarted() || !defined) {
            err.println(name + ": FAILED: " + (defined ? "not started (its configuration is wrong: see the status "
                    + "messages above)" : "not tried: its configuration has undefined variables (above)"));
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

    /** What the appender's spool holds, read only: a live service's spool is neither locked nor changed. */
    private static void spool(SmtpAppender appender, String name, PrintStream out) {
        if (appender.getSpoolDir() == null) {
            out.println(name + ": no spoolDir: alerts pending when the process is killed (SIGKILL, an out-of-memory "
                    + "kill) are lost");
            return;
        }
        for (String line : SpoolReport.describe(Path.of(appender.getSpoolDir()).toAbsolutePath(),
                appender.getContext().getName(), appender.getName())) {
            out.println(name + ": " + line);
        }
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

    /**
     * Logback's warnings and errors from loading the file (they name the wrong property), a failed
     * {@code <include>} said as such; returns true when one failed.
     */
    private static boolean printErrors(LoggerContext context, PrintStream err) {
        boolean includeFailed = false;
        for (Status s : context.getStatusManager().getCopyOfStatusList()) {
            if (s.getEffectiveLevel() >= Status.WARN) {
                // Logback's IncludeModelHandler says "Could not find resource corresponding to [...]" and the like.
                boolean include = s.getOrigin() != null && s.getOrigin().getClass().getSimpleName().startsWith("Include");
                includeFailed |= include;
                err.println((include ? "  include failed: " : "  ") + s.getMessage());
            }
        }
        return includeFailed;
    }
}
