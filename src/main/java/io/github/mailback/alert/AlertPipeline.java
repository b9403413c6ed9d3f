package io.github.mailback.alert;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.ContextAware;
import io.github.mailback.config.Settings;
import io.github.mailback.internal.Throwables;
import io.github.mailback.report.HtmlDigest;
import io.github.mailback.report.LayoutBody;
import io.github.mailback.report.LayoutFrame;
import io.github.mailback.report.Times;
import io.github.mailback.smtp.SendResult;
import io.github.mailback.smtp.SmtpTranscript;
import io.github.mailback.spool.Spool;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToLongFunction;

/**
 * The alert machinery behind one appender, and the only way into this package: the logging
 * thread's part ({@link #append}) and the sender thread with its engine, wired from the appender's
 * {@link Settings}, which it takes whole.
 * Everything else here is internal.
 *
 * <pre>
 *   append -&gt; LoggingPath -&gt; Inbox -&gt; SenderThread: AlertEngine (Snapshots, Digest, TokenBucket,
 *             EmailComposer, SmtpTransport) -&gt; status messages through the given ContextAware
 * </pre>
 */
public final class AlertPipeline {
    /** Status messages about mailing let through per minute; the rest are counted. */
    private static final int STATUS_PER_MINUTE = 10;
    /**
     * Retries after a transient failure wait this long first (a sixtieth of a retryFor under a minute, so
     * that a short retryFor still allows several tries), doubling up to {@link #MAX_RETRY_BACKOFF}.
     */
    private static final Duration FIRST_RETRY_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_RETRY_BACKOFF = Duration.ofMinutes(1);
    /**
     * The sender's wake-up tick while something is pending, half the batch window within these
     * bounds: logging threads do not wake it for every incident (see {@link Inbox}).
     */
    private static final Duration MIN_TICK = Duration.ofMillis(10);
    private static final Duration MAX_TICK = Duration.ofSeconds(1);
    /** A group grown {@code growthFactor} times is mailed again, but not within a tenth of repeatInterval. */
    private static final int GROWTH_GAP_DIVISOR = 10;
    /** The sender's tick with a spool: an event logged this long before a kill may be lost with it. */
    private static final Duration SPOOL_TICK = Duration.ofMillis(250);

    /** The appender's counters, for its getters and JMX attributes. */
    public enum Count {
        TRIGGERING_EVENTS(AlertCounters::triggeredEvents),
        EMAILS_SENT(AlertCounters::emailsSent),
        EVENTS_REPORTED(AlertCounters::eventsReported),
        EVENTS_SUPPRESSED(AlertCounters::eventsSuppressed),
        EVENTS_HELD(AlertCounters::eventsHeld),
        EVENTS_FAILED(AlertCounters::eventsFailed),
        EVENTS_UNCERTAIN(AlertCounters::eventsUncertain),
        EVENTS_LOST(AlertCounters::eventsLost),
        EVENTS_UNACCOUNTED(AlertCounters::eventsUnaccounted),
        SEND_FAILURES(AlertCounters::sendFailures),
        RETRIES(AlertCounters::retries),
        RATE_LIMITED(AlertCounters::rateLimited),
        INBOX_OVERFLOW(AlertCounters::inboxOverflow),
        SENDER_THREAD_EVENTS(AlertCounters::senderThreadEvents),
        EVENTS_KEPT(c -> c.eventsKept.get()),
        SPOOL_RECOVERED(c -> c.spoolRecovered.get()),
        SPOOL_RESENT(c -> c.spoolResent.get()),
        SPOOL_QUARANTINED(c -> c.spoolQuarantined.get()),
        SPOOL_TRIMMED(c -> c.spoolTrimmed.get()),
        SPOOL_BYTES(c -> c.spoolBytes.get()),
        SPOOL_ENTRIES(c -> c.spoolEntries.get());

        private final ToLongFunction<AlertCounters> reader;

        Count(ToLongFunction<AlertCounters> reader) {
            this.reader = reader;
        }
    }

    private final AlertCounters counters = new AlertCounters();
    private final ContextAware status;
    private final Settings settings;
    private final Snapshots snapshots;
    private final EmailComposer composer;
    private final SmtpTransport transport;
    /** The thread that talks to the server for the sender. */
    private final MailerThread mailer;
    private final SenderThread sender;
    private final LoggingPath loggingPath;
    /** The spool's keeper, or null without spoolDir (or when it cannot be created). */
    private final Persistence persistence;
    private final long shutdownNanos;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile long stopDeadline;

    private AlertPipeline(Settings s, ContextAware status) {
        this.status = status;
        this.settings = s;
        shutdownNanos = s.shutdownTimeout.toNanos();
        Inbox inbox = new Inbox(s.inboxSize);
        counters.redact = message -> redacted(s, message);
        StatusReporter reporter = new StatusReporter(new StatusReporter.Sink() {
            // Status messages quote log data (an MDC value refused as a recipient, a layout's exception):
            // nothing is printed in clear that an email would redact.
            @Override
            public void info(String message) {
                status.addInfo(redacted(s, message));
            }

            @Override
            public void warn(String message) {
                status.addWarn(redacted(s, message));
            }

            @Override
            public void error(String message, Throwable cause) {
                status.addError(redacted(s, message), cause == null || s.redactor == null ? cause
                        : Throwables.reprinted(cause, m -> redacted(s, m)));
            }
        }, System::nanoTime, STATUS_PER_MINUTE, TimeUnit.MINUTES.toNanos(1));
        long batch = s.batchWindow.toNanos();
        long repeat = s.repeatInterval.toNanos();
        RepeatPolicy policy = new RepeatPolicy(batch, repeat, s.maxRepeatInterval.toNanos(), s.growthFactor,
                Math.max(batch, repeat / GROWTH_GAP_DIVISOR));
        String fromDomain = s.from.email().substring(s.from.email().lastIndexOf('@') + 1);
        Times times = new Times(s.zone);
        LayoutBody text = new LayoutBody(LayoutFrame.of(s.textLayout), false, times);
        LayoutBody layoutHtml = s.htmlIsLayouts ? new LayoutBody(LayoutFrame.of(s.htmlLayout), true, times) : null;
        HtmlDigest digestHtml = s.htmlLayout == null || s.htmlIsLayouts ? null
                : new HtmlDigest(times, s.hostName, s.name, s.service);
        snapshots = new Snapshots(s, reporter, counters);
        composer = new EmailComposer(text, layoutHtml, digestHtml, fromDomain, System::currentTimeMillis, s.service);
        transport = new SmtpTransport(budget -> s.client(budget, null), s.from, s.cc, s.bcc, s.replyTo, s.zone);
        long retryFor = s.retryFor.toNanos();
        Digest digest = new Digest(s.maxGroups, policy);
        Intake intake = new Intake(inbox, digest, s.recipients, snapshots::example, s.appFrames, reporter, counters,
                System::nanoTime);
        mailer = new MailerThread("mailback-mailer-" + s.name, transport, inbox::wake);
        AlertEngine engine = new AlertEngine(intake, digest, new TokenBucket(s.burst, s.nanosPerEmail, System.nanoTime()),
                composer, mailer, reporter, counters, System::nanoTime, new RetryPolicy(retryFor,
                        Math.min(FIRST_RETRY_BACKOFF.toNanos(), Math.max(MIN_TICK.toNanos(), retryFor / 60)),
                        MAX_RETRY_BACKOFF.toNanos()));
        long tick = Math.max(MIN_TICK.toNanos(), Math.min(MAX_TICK.toNanos(), batch / 2));
        // --check-config only reads a live service's spool (ConfigCheck): no lock, no recovery, no run mark.
        persistence = s.spoolDir == null || s.configCheck ? null
                : persistence(s, status, reporter, intake, digest, engine);
        if (persistence != null) {
            // What the sender has not taken yet is not in the spool: it takes what comes at least this often.
            tick = Math.min(tick, SPOOL_TICK.toNanos());
        }
        sender = new SenderThread("mailback-sender-" + s.name, engine, inbox, reporter, tick, persistence);
        if (s.verifyOnStart) {
            sender.checkFirst(new StartCheck(s.name, s::client, status, counters, sender.thread()));
        }
        loggingPath = new LoggingPath(s.bufferSize, s.maxDiscriminatorKeys, s.discriminator, s.evaluator,
                s.includeCallerData, inbox, counters, status, sender.thread());
    }

    private Persistence persistence(Settings s, ContextAware status, StatusReporter reporter, Intake intake,
            Digest digest, AlertEngine engine) {
        Spool spool;
        try {
            spool = Spool.open(s.spoolDir, status.getContext().getName(), s.name, s.spoolFsync);
        } catch (IOException | RuntimeException e) {
            status.addError("spoolDir: cannot create the spool directory in " + s.spoolDir + " (" + e
                    + "); this appender runs without a spool, and what is pending at a crash is lost");
            return null;
        }
        Persistence p = new Persistence(spool, s.maxSpoolSize, s.reportUncleanExit,
                (LoggerContext) status.getContext(), s.hostName, new Times(s.zone), s.redactor, reporter, counters,
                System::nanoTime,
                System::currentTimeMillis);
        p.attach(engine, digest, intake, snapshots::example);
        engine.persist(p);
        return p;
    }

    private static String redacted(Settings s, String message) {
        return s.redactor == null ? message : s.redactor.redact(message, s.redactor.newTally());
    }

    /** Builds the pipeline of these settings and starts its sender thread; status messages go to {@code status}. */
    public static AlertPipeline start(Settings settings, ContextAware status) {
        return start(settings, status, null);
    }

    /** The same, with {@code whenLoggingReady} run on the sender thread once SLF4J is initialized (or null). */
    public static AlertPipeline start(Settings settings, ContextAware status, Runnable whenLoggingReady) {
        AlertPipeline pipeline = new AlertPipeline(settings, status);
        pipeline.sender.whenLoggingReady(whenLoggingReady);
        pipeline.sender.start();
        return pipeline;
    }

    /** Takes an event on the logging thread; see {@link LoggingPath}. */
    public void append(ILoggingEvent event) {
        loggingPath.append(event);
    }

    /**
     * Sends what is pending as a final digest and stops, waiting at most {@code shutdownTimeout},
     * also on an interrupted thread (the flag is kept): Logback's AsyncAppender stops the appenders it
     * wraps on its interrupted worker. Returns true for the call that did the stopping; a concurrent
     * second caller (Logback's shutdown hook and Spring Boot's may both stop Logback) waits for the
     * first one's flush, within the same bound, and returns false.
     */
    public boolean stop() {
        if (!stopping.compareAndSet(false, true)) {
            awaitStop();
            return false;
        }
        long deadline = System.nanoTime() + shutdownNanos;
        stopDeadline = deadline;
        loggingPath.close(deadline);
        boolean finished = sender.stop(deadline);
        mailer.close();
        Throwable died = sender.failure();
        if (died != null) {
            long lost = counters.eventsUnaccounted();
            counters.eventsLost.addAndGet(lost);
            status.addError("The sender thread had ended on " + died + ": " + lost + " error event(s) were not mailed");
        } else if (!finished) {
            status.addWarn("shutdownTimeout (" + describe(shutdownNanos) + ") expired before the final email was sent; "
                    + counters.eventsUnaccounted() + " error event(s) may not be mailed");
        }
        return true;
    }

    /**
     * For the JVM shutdown hook. It does not stop the pipeline: other hooks run at the same time
     * (Spring Boot's closes the application context, whose beans may log errors), and whoever stops
     * Logback afterwards does the final flush. It sends what is pending at once, and from then on every
     * error as soon as it is logged, and waits for those sends at most {@code shutdownTimeout}. When a
     * stop is under way already, it waits for that one's flush instead.
     */
    public void jvmExiting() {
        if (stopping.get()) {
            awaitStop();
        } else if (!sender.hurry(System.nanoTime() + shutdownNanos, this::settledForExit)) {
            status.addWarn("shutdownTimeout (" + describe(shutdownNanos) + ") expired while the JVM exits; "
                    + counters.eventsUnaccounted() + " error event(s) may not be mailed");
        }
    }

    /**
     * Nothing left to do before the JVM exits: every error event is mailed or otherwise accounted for,
     * and, with a spool, what waits for its repeat is kept there under a mark that the run stopped cleanly.
     */
    private boolean settledForExit() {
        if (persistence == null) {
            return counters.eventsUnaccounted() == 0;
        }
        return counters.eventsUnaccounted() - counters.eventsKeepable.get() == 0 && persistence.exitWritten();
    }

    private static String describe(long nanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        return millis % 1000 == 0 ? millis / 1000 + " seconds" : millis + " ms";
    }

    private void awaitStop() {
        long deadline = stopDeadline;
        sender.awaitFinished(deadline != 0 ? deadline : System.nanoTime() + shutdownNanos);
    }

    /**
     * Sends one email that reports no event ({@code X-Mailback-Events: 0}) now, on the calling thread,
     * to the recipients the to patterns give for a probe event, with the header fields it gives,
     * through the same message writer and settings as every alert; for {@code --check-config}.
     */
    public SendResult sendTestEmail(SmtpTranscript transcript) throws IOException {
        Settings s = settings;
        String where = s.service.equals(s.hostName) ? s.hostName : s.service + " (" + s.hostName + ")";
        // The to patterns are evaluated on an event, as for a real alert.
        LoggingEvent probe = new LoggingEvent(AlertPipeline.class.getName(),
                ((LoggerContext) status.getContext()).getLogger("io.github.mailback.check"), Level.ERROR,
                "mailback configuration check", null, null);
        List<String> to = s.recipients.apply(probe);
        if (to == null) {
            throw new IllegalStateException("the to patterns give no address for a test event (without MDC values)");
        }
        // The header fields too, evaluated on the probe: mail rules that sort alerts see the test email.
        AlertEmail email = composer.compose(new Route(to), "mailback test email: appender " + s.name + " on " + where,
                "This test email was sent by mailback --check-config through the appender \"" + s.name + "\" on "
                        + where + ".\nIf you read it, this appender's alerts reach you.\n", snapshots.headers(probe));
        return SmtpTransport.send(transport.message(email), s.client(null, transcript));
    }

    /** How the check at start ended; null before it ends, or without one. */
    public Outcome startCheck() {
        return counters.startCheck;
    }

    /** How the last attempt to send an alert ended; null before the first. */
    public Outcome lastSend() {
        return counters.lastSend;
    }

    /** Values redacted so far by the rule of this ordinal ({@link io.github.mailback.redact.Rule}). */
    public long redactions(int ruleOrdinal) {
        return counters.redactions.get(ruleOrdinal);
    }

    /** The redaction rules in use, and what a field becomes when its redaction does not finish; none when off. */
    public java.util.Set<io.github.mailback.redact.Rule> redactionRules() {
        if (settings.redactor == null) {
            return java.util.Set.of();
        }
        java.util.Set<io.github.mailback.redact.Rule> rules = java.util.EnumSet.copyOf(settings.redactor.rules());
        rules.add(io.github.mailback.redact.Rule.BUDGET);
        rules.add(io.github.mailback.redact.Rule.ERROR);
        return rules;
    }

    /** One of the counters. */
    public long count(Count which) {
        return which.reader.applyAsLong(counters);
    }

    @Override
    public String toString() {
        return counters.toString();
    }
}
