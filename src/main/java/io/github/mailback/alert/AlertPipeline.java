package io.github.mailback.alert;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.boolex.EventEvaluator;
import ch.qos.logback.core.sift.Discriminator;
import ch.qos.logback.core.spi.ContextAware;
import io.github.mailback.mime.Address;
import io.github.mailback.mime.Header;
import io.github.mailback.smtp.SendResult;
import io.github.mailback.smtp.SmtpClient;
import io.github.mailback.smtp.SmtpTranscript;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The alert machinery behind one appender, and the only way into this package: the logging
 * thread's part ({@link #append}) and the sender thread with its engine, wired from a {@link Builder}.
 * Everything else here is internal.
 *
 * <pre>
 *   append -&gt; LoggingPath -&gt; Inbox -&gt; SenderThread: AlertEngine (Digest, TokenBucket,
 *             DigestComposer, SmtpTransport) -&gt; status messages through the given ContextAware
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
        SENDER_THREAD_EVENTS(AlertCounters::senderThreadEvents);

        private final ToLongFunction<AlertCounters> reader;

        Count(ToLongFunction<AlertCounters> reader) {
            this.reader = reader;
        }
    }

    private final AlertCounters counters = new AlertCounters();
    private final ContextAware status;
    private final Function<ILoggingEvent, List<String>> recipients;
    private final BiFunction<Duration, SmtpTranscript, SmtpClient> clients;
    private final DigestComposer composer;
    private final SmtpTransport transport;
    private final SenderThread sender;
    private final LoggingPath loggingPath;
    private final long shutdownNanos;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile long stopDeadline;

    private AlertPipeline(Builder b) {
        status = b.status;
        recipients = b.recipients;
        clients = b.clients;
        shutdownNanos = b.shutdownTimeout.toNanos();
        Inbox inbox = new Inbox(b.inboxSize);
        StatusReporter reporter = new StatusReporter(new StatusReporter.Sink() {
            @Override
            public void warn(String message) {
                status.addWarn(message);
            }

            @Override
            public void error(String message) {
                status.addError(message);
            }
        }, System::nanoTime, STATUS_PER_MINUTE, TimeUnit.MINUTES.toNanos(1));
        long batch = b.batchWindow.toNanos();
        long repeat = b.repeatInterval.toNanos();
        RepeatPolicy policy = new RepeatPolicy(batch, repeat, b.maxRepeatInterval.toNanos(), b.growthFactor,
                Math.max(batch, repeat / GROWTH_GAP_DIVISOR));
        String fromDomain = b.from.email().substring(b.from.email().lastIndexOf('@') + 1);
        String service = AppFrames.service(status.getContext() == null ? null : status.getContext().getName(),
                b.hostName);
        composer = new DigestComposer(b.subjectLayout, b.textLayout, b.htmlLayout, fromDomain, b.zone,
                System::currentTimeMillis, b.htmlLayout == null ? null : b.hostName, b.name, b.headers, b.appFrames,
                service);
        transport = new SmtpTransport(budget -> clients.apply(budget, null), b.from, b.cc, b.bcc, b.replyTo, b.zone);
        AlertEngine engine = new AlertEngine(inbox, new Digest(b.maxGroups, policy),
                new TokenBucket(b.burst, b.nanosPerEmail, System.nanoTime()), recipients, composer, transport, reporter,
                counters, System::nanoTime, new AlertEngine.RetryPolicy(b.retryFor.toNanos(), Math.min(
                        FIRST_RETRY_BACKOFF.toNanos(), Math.max(MIN_TICK.toNanos(), b.retryFor.toNanos() / 60)),
                        MAX_RETRY_BACKOFF.toNanos()));
        long tick = Math.max(MIN_TICK.toNanos(), Math.min(MAX_TICK.toNanos(), batch / 2));
        sender = new SenderThread("mailback-sender-" + b.name, engine, inbox, reporter, tick);
        if (b.verifyOnStart) {
            sender.checkFirst(new StartCheck(b.name, clients, status, sender.thread()));
        }
        loggingPath = new LoggingPath(b.bufferSize, b.maxDiscriminatorKeys, b.discriminator, b.evaluator,
                b.includeCallerData, inbox, counters, status, sender.thread());
    }

    /** True for a header field every email carries already, which a user's {@code header} must not repeat. */
    public static boolean writesHeader(String name) {
        if (name.equalsIgnoreCase(AlertEmail.EVENTS_HEADER) || name.equalsIgnoreCase(DigestComposer.FINGERPRINT_HEADER)
                || name.equalsIgnoreCase("Thread-Topic") || name.equalsIgnoreCase("Thread-Index")) {
            return true;
        }
        for (Header h : AlertEmail.AUTOMATIC) {
            if (h.name().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** A builder; every value has to be given but the optional ones said so. */
    public static Builder builder() {
        return new Builder();
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
        if (!sender.stop(deadline)) {
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
        } else if (!sender.hurry(System.nanoTime() + shutdownNanos, () -> counters.eventsUnaccounted() == 0)) {
            status.addWarn("shutdownTimeout (" + describe(shutdownNanos) + ") expired while the JVM exits; "
                    + counters.eventsUnaccounted() + " error event(s) may not be mailed");
        }
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
     * to the recipients the to patterns give for {@code probe}, with the header fields it gives,
     * through the same message writer and settings as every alert; for {@code --check-config}.
     */
    public SendResult sendTestEmail(ILoggingEvent probe, String subject, String text, SmtpTranscript transcript)
            throws IOException {
        List<String> to = recipients.apply(probe);
        if (to == null) {
            throw new IllegalStateException("the to patterns give no address for a test event (without MDC values)");
        }
        AlertEmail e = composer.compose(new Route(to), subject, text);
        // The header fields too, evaluated on the probe: mail rules that sort alerts see the test email.
        AlertEmail email = new AlertEmail(e.route(), e.subject(), e.text(), e.html(), e.events(), e.messageId(),
                e.inReplyTo(), e.references(), e.epochMillis(), composer.headers(probe));
        return SmtpTransport.send(transport.message(email), clients.apply(null, transcript));
    }

    /** One of the counters. */
    public long count(Count which) {
        return which.reader.applyAsLong(counters);
    }

    void startSender() {
        sender.start();
    }

    @Override
    public String toString() {
        return counters.toString();
    }

    /** The settings of a pipeline, checked by the appender before they get here. */
    public static final class Builder {
        private String name;
        private ContextAware status;
        private int bufferSize;
        private int maxDiscriminatorKeys;
        private Discriminator<ILoggingEvent> discriminator;
        private EventEvaluator<ILoggingEvent> evaluator;
        private boolean includeCallerData;
        private int inboxSize;
        private Function<ILoggingEvent, List<String>> recipients;
        private Layout<ILoggingEvent> subjectLayout;
        private Layout<ILoggingEvent> textLayout;
        private Layout<ILoggingEvent> htmlLayout;
        private String hostName;
        private AppFrames appFrames = AppFrames.DEFAULT;
        private List<Map.Entry<String, Layout<ILoggingEvent>>> headers = List.of();
        private Address from;
        private List<Address> cc = List.of();
        private List<Address> bcc = List.of();
        private List<Address> replyTo = List.of();
        private ZoneId zone = ZoneId.systemDefault();
        private BiFunction<Duration, SmtpTranscript, SmtpClient> clients;
        private int burst;
        private long nanosPerEmail;
        private Duration batchWindow;
        private Duration repeatInterval;
        private Duration maxRepeatInterval;
        private int growthFactor;
        private int maxGroups;
        private Duration retryFor;
        private Duration shutdownTimeout;
        private boolean verifyOnStart;

        private Builder() {
        }

        /** The appender's name: it names the sender thread and the HTML footer. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Where status messages go (the appender). */
        public Builder status(ContextAware status) {
            this.status = status;
            return this;
        }

        /**
         * Recent events kept per key, and keys kept; {@code discriminator} null when all events share
         * one buffer.
         */
        public Builder buffers(int bufferSize, Discriminator<ILoggingEvent> discriminator, int maxDiscriminatorKeys) {
            this.bufferSize = bufferSize;
            this.discriminator = discriminator;
            this.maxDiscriminatorKeys = maxDiscriminatorKeys;
            return this;
        }

        /** What triggers an email; null for level ERROR and above. */
        public Builder evaluator(EventEvaluator<ILoggingEvent> evaluator) {
            this.evaluator = evaluator;
            return this;
        }

        public Builder includeCallerData(boolean includeCallerData) {
            this.includeCallerData = includeCallerData;
            return this;
        }

        public Builder inboxSize(int inboxSize) {
            this.inboxSize = inboxSize;
            return this;
        }

        /** The to addresses for a triggering event, or null when it has none. */
        public Builder recipients(Function<ILoggingEvent, List<String>> recipients) {
            this.recipients = recipients;
            return this;
        }

        /**
         * The subject pattern, the text part's layout, and the HTML part's (null: no HTML part; an HTML
         * layout: its document is the HTML part; a text layout: mailback's HTML digest).
         */
        public Builder layouts(Layout<ILoggingEvent> subject, Layout<ILoggingEvent> text, Layout<ILoggingEvent> html) {
            this.subjectLayout = subject;
            this.textLayout = text;
            this.htmlLayout = html;
            return this;
        }

        /**
         * Custom header fields: each name (a valid field name that the writer does not set itself) with
         * the pattern of its value, applied to the main event of each email.
         */
        public Builder headers(List<Map.Entry<String, Layout<ILoggingEvent>>> headers) {
            this.headers = List.copyOf(headers);
            return this;
        }

        /** Which stack frames are the application's; default {@link AppFrames#DEFAULT}. */
        public Builder appFrames(AppFrames appFrames) {
            this.appFrames = appFrames;
            return this;
        }

        /** The host the HTML footer names; null for none. */
        public Builder hostName(String hostName) {
            this.hostName = hostName;
            return this;
        }

        public Builder addresses(Address from, List<Address> cc, List<Address> bcc, List<Address> replyTo) {
            this.from = from;
            this.cc = List.copyOf(cc);
            this.bcc = List.copyOf(bcc);
            this.replyTo = List.copyOf(replyTo);
            return this;
        }

        /**
         * Makes the SMTP client for one attempt: given a time budget (null: the configured timeouts)
         * that caps its timeouts, and a transcript (null: none).
         */
        public Builder clients(BiFunction<Duration, SmtpTranscript, SmtpClient> clients) {
            this.clients = clients;
            return this;
        }

        /** {@code burst} emails back to back, then one per {@code nanosPerEmail}. */
        public Builder rate(int burst, long nanosPerEmail) {
            this.burst = burst;
            this.nanosPerEmail = nanosPerEmail;
            return this;
        }

        public Builder repeats(Duration batchWindow, Duration repeatInterval, Duration maxRepeatInterval,
                int growthFactor) {
            this.batchWindow = batchWindow;
            this.repeatInterval = repeatInterval;
            this.maxRepeatInterval = maxRepeatInterval;
            this.growthFactor = growthFactor;
            return this;
        }

        public Builder maxGroups(int maxGroups) {
            this.maxGroups = maxGroups;
            return this;
        }

        public Builder retryFor(Duration retryFor) {
            this.retryFor = retryFor;
            return this;
        }

        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        /** Checks the server once at start, in the background (see {@link StartCheck}); default false. */
        public Builder verifyOnStart(boolean verifyOnStart) {
            this.verifyOnStart = verifyOnStart;
            return this;
        }

        /** Builds the pipeline and starts its sender thread. */
        public AlertPipeline start() {
            AlertPipeline pipeline = new AlertPipeline(this);
            pipeline.startSender();
            return pipeline;
        }
    }
}
