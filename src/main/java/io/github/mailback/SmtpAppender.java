package io.github.mailback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.boolex.EventEvaluator;
import ch.qos.logback.core.status.Status;
import io.github.mailback.alert.AlertPipeline.Count;
import io.github.mailback.alert.AlertPipeline;
import io.github.mailback.alert.Outcome;
import io.github.mailback.alert.StatusEcho;
import io.github.mailback.config.Settings;
import io.github.mailback.oauth.TokenProvider;
import io.github.mailback.smtp.SendResult;
import io.github.mailback.smtp.SmtpTranscript;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

/**
 * A Logback appender that mails digests of error events: a drop-in replacement for
 * {@code ch.qos.logback.classic.net.SMTPAppender} (same logback.xml properties) that groups, counts and
 * rate limits, retries, and sends what is pending when the application stops, through mailback's own
 * SMTP client.
 *
 * <p>This class is the Logback-facing shell: the properties live in its base class, {@code start()}
 * seals them into {@link Settings} and builds an {@link AlertPipeline}, and the logging thread only
 * files the event in a lock-free ring of recent events and, when the evaluator triggers, hands a
 * snapshot to a bounded inbox; one daemon thread per appender does all the rest. {@code STARTTLS}
 * here means required (Logback's is opportunistic), certificates and host names are verified, and
 * credentials never cross a clear-text connection except to loopback.
 */
public final class SmtpAppender extends SmtpAppenderProperties implements SmtpAppenderMBean {
    private volatile AlertPipeline pipeline;
    /** The JVM shutdown hook while registered (package-private: a test joins it to order the hooks). */
    Thread shutdownHook;
    private ObjectName jmxName;
    /** Prints the appender's warnings and errors when nobody else would (printStatus); null when off. */
    private volatile StatusEcho echo;
    /** The Micrometer meters while started, when Micrometer is on the class path; null otherwise. */
    private volatile AutoCloseable meters;
    /** True when Micrometer is on the class path: {@link MailbackMetrics} may be loaded. */
    private static final boolean MICROMETER = present("io.micrometer.core.instrument.Metrics");

    public SmtpAppender() {
    }

    /** An appender whose emails are triggered by {@code evaluator}, as Logback's {@code SMTPAppender(EventEvaluator)}. */
    public SmtpAppender(EventEvaluator<ILoggingEvent> evaluator) {
        setEvaluator(evaluator);
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        echo = null;
        String who = "SmtpAppender [" + getName() + "]: ";
        if (isSessionViaJNDI()) {
            addWarn(who + "sessionViaJNDI is not supported (mailback does not use Jakarta Mail); "
                    + "configure smtpHost and the other properties instead");
        }
        if (!isAsynchronousSending()) {
            addInfo(who + "asynchronousSending=false is ignored: mailback always sends from its own thread, "
                    + "and stop() waits up to shutdownTimeout for the pending email");
        }
        Settings.Result read = Settings.read(this);
        for (ConfigurationProblem problem : read.problems()) {
            addError(who + problem.message());
        }
        Settings s = read.settings();
        if (s == null) {
            return;
        }
        echo = s.printStatus ? new StatusEcho(getContext()) : null;
        // The meters once SLF4J is initialized: Micrometer's first log call would otherwise be held and
        // replayed by SLF4J, with a warning first thing in the application's output.
        pipeline = AlertPipeline.start(s, this, MICROMETER && s.meters ? this::registerMeters : null);
        // A refused value is quoted: redacted first, as everything mailback prints.
        s.recipients.reportTo(s.redactor == null ? this::addWarn
                : m -> addWarn(s.redactor.redact(m, s.redactor.newTally())));
        registerJmx();
        if (s.registerShutdownHook) {
            AlertPipeline p = pipeline;
            shutdownHook = new Thread(p::jvmExiting, "mailback-shutdown-" + getName());
            try {
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            } catch (IllegalStateException | SecurityException e) {
                shutdownHook = null;
                addWarn("Could not register a JVM shutdown hook: " + e.getMessage());
            }
        }
        super.start();
    }

    /**
     * Reads and checks every property as {@link #start()} would, without starting anything or
     * connecting: the list of what is wrong, by property, empty when the appender would start. For
     * tools that configure the appender in code (the Spring Boot starter reports these before the
     * application starts). The appender needs its context.
     */
    public List<ConfigurationProblem> checkConfiguration() {
        return Settings.read(this).problems();
    }

    /**
     * Sends what is pending as a final digest and stops, waiting at most {@code shutdownTimeout},
     * also on an interrupted thread (the flag is kept). Safe against concurrent logging and concurrent
     * calls (Logback's shutdown hook, Spring Boot's): a second caller waits for the first one's flush,
     * within the same bound. See {@link AlertPipeline#stop}.
     */
    @Override
    public void stop() {
        super.stop();
        AlertPipeline p = pipeline;
        if (p == null || !p.stop()) {
            return;
        }
        unregisterJmx();
        TokenProvider tokens = getOauth2();
        if (tokens != null) {
            try {
                tokens.close();
            } catch (RuntimeException e) {
                addWarn("Could not close the token provider: " + e);
            }
        }
        AutoCloseable m = meters;
        meters = null;
        if (m != null) {
            try {
                m.close();
            } catch (Exception e) {
                addWarn("Could not remove the Micrometer meters: " + e);
            }
        }
        // Only now: until the final email is sent, the hook is what keeps the JVM from exiting under it
        // (an AsyncAppender gives its worker maxFlushTime to stop this appender, then lets go).
        Thread hook = shutdownHook;
        shutdownHook = null;
        if (hook != null && hook != Thread.currentThread()) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException | SecurityException e) {
                // The JVM is shutting down already; the hook will find the appender stopped.
            }
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        pipeline.append(event);
    }

    /**
     * Sends one test email now, on the calling thread, with exactly this appender's settings (server,
     * TLS, credentials, recipients), and returns the server's answer; {@code --check-config} uses it.
     * The email carries {@code X-Mailback-Events: 0}: it reports no event. The appender must be started.
     */
    public SendResult sendTestEmail(SmtpTranscript transcript) throws IOException {
        AlertPipeline p = pipeline;
        if (p == null || !isStarted()) {
            throw new IllegalStateException("appender " + getName() + " is not started");
        }
        return p.sendTestEmail(transcript);
    }

    /**
     * What the appender knows of its mail server, without connecting: how the check at start and the
     * last send ended. All null while the appender is stopped.
     */
    public MailStatus getMailStatus() {
        AlertPipeline p = pipeline;
        return p == null ? new MailStatus(null, null) : new MailStatus(outcome(p.startCheck()), outcome(p.lastSend()));
    }

    private static MailStatus.Outcome outcome(Outcome o) {
        return o == null ? null : new MailStatus.Outcome(Instant.ofEpochMilli(o.epochMillis()), o.ok(), o.detail());
    }

    /** On the sender thread, once: the counters as meters of Micrometer's global registry. */
    private void registerMeters() {
        try {
            meters = MailbackMetrics.bindToGlobalRegistry(this);
        } catch (RuntimeException | LinkageError e) {
            addWarn("Counters not registered as Micrometer meters: " + e);
        }
    }

    /** Every status of the appender, also printed when nobody else would show it (see printStatus). */
    @Override
    public void addStatus(Status status) {
        super.addStatus(status);
        StatusEcho e = echo;
        if (e != null) {
            e.status(status);
        }
    }

    // ------------------------------------------------------------------ JMX

    private void registerJmx() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            // The context in the name too: two web applications in one server may both name theirs EMAIL.
            ObjectName name = new ObjectName("io.github.mailback:type=SmtpAppender,context="
                    + jmxValue(getContext().getName()) + ",name=" + jmxValue(getName()));
            server.registerMBean(new StandardMBean(this, SmtpAppenderMBean.class), name);
            jmxName = name;
        } catch (JMException | RuntimeException e) {
            jmxName = null;
            addWarn("Counters not registered in JMX: " + e.getMessage());
        }
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, SmtpAppender.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The name as is when ObjectName allows it unquoted, quoted otherwise. */
    static String jmxValue(String name) {
        if (name == null || name.isEmpty()) {
            return "unnamed";
        }
        for (int i = 0; i < name.length(); i++) {
            if (",=:\"*?\\\n".indexOf(name.charAt(i)) >= 0) {
                return ObjectName.quote(name);
            }
        }
        return name;
    }

    private void unregisterJmx() {
        ObjectName name = jmxName;
        jmxName = null;
        if (name != null) {
            try {
                ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
            } catch (JMException | RuntimeException e) {
                addWarn("Could not unregister " + name + " from JMX: " + e.getMessage());
            }
        }
    }

    /** The appender's name, server, TLS mode and user: never the password. */
    @Override
    public String toString() {
        String tls = isSSL() ? "SSL" : isSTARTTLS() ? "STARTTLS" : "no TLS";
        return "SmtpAppender[" + getName() + " -> " + getSmtpHost() + ":" + getSmtpPort() + ", " + tls
                + (getUsername() != null ? ", user " + getUsername() : "") + "]";
    }

    // ------------------------------------------------------------------ counters

    /** The counters in one line, for diagnostics and tests. */
    String counters() {
        AlertPipeline p = pipeline;
        return p == null ? "not started" : p.toString();
    }

    private long count(Count which) {
        AlertPipeline p = pipeline;
        return p == null ? 0 : p.count(which);
    }

    @Override
    public long getTriggeringEvents() {
        return count(Count.TRIGGERING_EVENTS);
    }

    @Override
    public long getEmailsSent() {
        return count(Count.EMAILS_SENT);
    }

    @Override
    public long getEventsReported() {
        return count(Count.EVENTS_REPORTED);
    }

    @Override
    public long getEventsSuppressed() {
        return count(Count.EVENTS_SUPPRESSED);
    }

    @Override
    public long getEventsHeld() {
        return count(Count.EVENTS_HELD);
    }

    @Override
    public long getEventsFailed() {
        return count(Count.EVENTS_FAILED);
    }

    @Override
    public long getEventsUncertain() {
        return count(Count.EVENTS_UNCERTAIN);
    }

    @Override
    public long getEventsLost() {
        return count(Count.EVENTS_LOST);
    }

    @Override
    public long getSendFailures() {
        return count(Count.SEND_FAILURES);
    }

    @Override
    public long getRetries() {
        return count(Count.RETRIES);
    }

    @Override
    public long getRateLimited() {
        return count(Count.RATE_LIMITED);
    }

    @Override
    public long getInboxOverflow() {
        return count(Count.INBOX_OVERFLOW);
    }

    @Override
    public long getSenderThreadEvents() {
        return count(Count.SENDER_THREAD_EVENTS);
    }

    @Override
    public long getEventsKept() {
        return count(Count.EVENTS_KEPT);
    }

    @Override
    public long getSpoolRecovered() {
        return count(Count.SPOOL_RECOVERED);
    }

    @Override
    public long getSpoolResent() {
        return count(Count.SPOOL_RESENT);
    }

    @Override
    public long getSpoolQuarantined() {
        return count(Count.SPOOL_QUARANTINED);
    }

    @Override
    public long getSpoolTrimmed() {
        return count(Count.SPOOL_TRIMMED);
    }

    @Override
    public long getSpoolBytes() {
        return count(Count.SPOOL_BYTES);
    }

    @Override
    public long getSpoolEntries() {
        return count(Count.SPOOL_ENTRIES);
    }

    @Override
    public long getRedactedValues() {
        AlertPipeline p = pipeline;
        long n = 0;
        for (int i = 0; p != null && i < io.github.mailback.redact.Rule.values().length; i++) {
            n += p.redactions(i);
        }
        return n;
    }

    /** Values redacted so far by this rule, for the meters. */
    long redactions(io.github.mailback.redact.Rule rule) {
        AlertPipeline p = pipeline;
        return p == null ? 0 : p.redactions(rule.ordinal());
    }

    /** The redaction rules in use (with what a field becomes when its redaction does not finish); none when off. */
    java.util.Set<io.github.mailback.redact.Rule> redactionRules() {
        AlertPipeline p = pipeline;
        return p == null ? java.util.Set.of() : p.redactionRules();
    }
}
