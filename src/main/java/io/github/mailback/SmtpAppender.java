package io.github.mailback;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.boolex.EventEvaluator;
import ch.qos.logback.core.joran.spi.DefaultClass;
import ch.qos.logback.core.net.ssl.SSLComponent;
import ch.qos.logback.core.net.ssl.SSLConfiguration;
import ch.qos.logback.core.sift.DefaultDiscriminator;
import ch.qos.logback.core.sift.Discriminator;
import ch.qos.logback.core.spi.CyclicBufferTracker;
import io.github.mailback.alert.AlertCounters;
import io.github.mailback.alert.AlertEmail;
import io.github.mailback.alert.AlertEngine;
import io.github.mailback.alert.Digest;
import io.github.mailback.alert.DigestComposer;
import io.github.mailback.alert.EventRing;
import io.github.mailback.alert.Inbox;
import io.github.mailback.alert.Incident;
import io.github.mailback.alert.RateLimit;
import io.github.mailback.alert.RepeatPolicy;
import io.github.mailback.alert.RingTracker;
import io.github.mailback.alert.Route;
import io.github.mailback.alert.SenderThread;
import io.github.mailback.alert.SmtpTransport;
import io.github.mailback.alert.StatusReporter;
import io.github.mailback.alert.TokenBucket;
import io.github.mailback.mime.Address;
import io.github.mailback.mime.Message;
import io.github.mailback.smtp.SendResult;
import io.github.mailback.smtp.SmtpClient;
import io.github.mailback.smtp.SmtpTranscript;
import io.github.mailback.smtp.TlsMode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import javax.net.ssl.SSLContext;
import org.slf4j.Marker;

/**
 * A Logback appender that mails digests of error events: a drop-in replacement for
 * {@code ch.qos.logback.classic.net.SMTPAppender} (same logback.xml properties) that groups, counts and
 * rate limits, retries, and sends what is pending when the application stops, through mailback's own
 * SMTP client.
 *
 * <p>The logging thread only files the event in a lock-free ring of recent events and, when the
 * evaluator triggers, hands a snapshot to a bounded inbox; one daemon thread per appender does all
 * the rest. {@code STARTTLS} here means required (Logback's is opportunistic), certificates and host
 * names are verified, and credentials never cross a clear-text connection except to loopback.
 */
public final class SmtpAppender extends UnsynchronizedAppenderBase<ILoggingEvent>
        implements SSLComponent, SmtpAppenderMBean {

    static final String DEFAULT_SUBJECT = "%logger{20} - %m";
    static final String DEFAULT_LAYOUT = "%date{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger - %msg%n";
    static final int DEFAULT_BUFFER_SIZE = 256;
    /** Status messages about mailing let through per minute; the rest are counted. */
    private static final int STATUS_PER_MINUTE = 10;
    /** Evaluator failures reported before going quiet (as Logback's appenders do). */
    private static final int MAX_EVALUATOR_ERRORS = 4;

    // ---- configuration (Logback SMTPAppender names) ----
    private String smtpHost;
    private int smtpPort;
    private final List<String> toPatterns = new ArrayList<>();
    private String from;
    private String subject = DEFAULT_SUBJECT;
    private Layout<ILoggingEvent> layout;
    private EventEvaluator<ILoggingEvent> evaluator;
    private CyclicBufferTracker<ILoggingEvent> cyclicBufferTracker;
    private Discriminator<ILoggingEvent> discriminator;
    private boolean starttls;
    private boolean ssl;
    private String username;
    private String password;
    private String localhost;
    private String charsetEncoding = "UTF-8";
    private boolean asynchronousSending = true;
    private boolean includeCallerData;
    private boolean sessionViaJndi;

    // ---- configuration (new) ----
    private final List<String> cc = new ArrayList<>();
    private final List<String> bcc = new ArrayList<>();
    private String replyTo;
    private String rateLimit = "12/hour";
    private int burst = 5;
    private String batchWindow = "5 seconds";
    private String repeatInterval = "10 minutes";
    private String maxRepeatInterval = "4 hours";
    private int growthFactor = 10;
    private String connectTimeout = "5 seconds";
    private String timeout = "10 seconds";
    private String shutdownTimeout = "10 seconds";
    private String retryFor = "5 minutes";
    private Boolean html;
    private SSLConfiguration sslConfiguration;
    private boolean registerShutdownHook = true;
    private int maxGroups = 50;
    private int inboxSize = 1000;
    private int maxDiscriminatorKeys = 64;

    // ---- running state ----
    private final AlertCounters counters = new AlertCounters();
    /**
     * Triggering events between their check of {@code accepting} and their offer to the inbox.
     * Striped: every logging thread writes it in a flood. Reading its sum after {@code accepting}
     * turned false is exact, because volatile and atomic accesses are sequentially consistent.
     */
    private final LongAdder inFlight = new LongAdder();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicInteger evaluatorErrors = new AtomicInteger();
    private volatile boolean accepting;
    private EventRing singleRing;
    private RingTracker rings;
    private Inbox inbox;
    private SenderThread sender;
    /** The sender's thread: what it logs (through a layout, say) must not trigger mail about itself. */
    private Thread senderThread;
    private final AtomicBoolean senderLogReported = new AtomicBoolean();
    private Thread shutdownHook;
    private ObjectName jmxName;
    private volatile long stopDeadline;
    /** What start() derived from the properties, for {@link #sendTestEmail}. */
    private volatile Settings settings;
    private volatile long shutdownNanos;

    public SmtpAppender() {
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void start() {
        if (isStarted()) {
            return;
        }
        Settings s = validate();
        if (s == null) {
            return;
        }
        if (evaluator != null && !evaluator.isStarted()) {
            evaluator.start();
        }
        if (discriminator != null && !discriminator.isStarted()) {
            discriminator.start();
        }
        int bufferSize = cyclicBufferTracker != null ? cyclicBufferTracker.getBufferSize() : DEFAULT_BUFFER_SIZE;
        boolean oneKey = discriminator == null || discriminator instanceof DefaultDiscriminator;
        singleRing = oneKey ? new EventRing(bufferSize) : null;
        rings = oneKey ? null : new RingTracker(bufferSize, maxDiscriminatorKeys);
        inbox = new Inbox(inboxSize);

        StatusReporter status = new StatusReporter(new StatusReporter.Sink() {
            @Override
            public void warn(String message) {
                addWarn(message);
            }

            @Override
            public void error(String message) {
                addError(message);
            }
        }, System::nanoTime, STATUS_PER_MINUTE, TimeUnit.MINUTES.toNanos(1));
        long now = System.nanoTime();
        RepeatPolicy policy = new RepeatPolicy(s.batchWindow.toNanos(), s.repeatInterval.toNanos(),
                s.maxRepeatInterval.toNanos(), growthFactor,
                Math.max(s.batchWindow.toNanos(), s.repeatInterval.toNanos() / 10));
        Digest digest = new Digest(maxGroups, policy);
        TokenBucket bucket = new TokenBucket(burst, s.rate.nanosPerToken(), now);
        ZoneId zone = ZoneId.systemDefault();
        DigestComposer composer = new DigestComposer(s.subjectLayout, s.textLayout, s.htmlLayout,
                s.from.email().substring(s.from.email().lastIndexOf('@') + 1), zone, System::currentTimeMillis,
                s.htmlLayout == null ? null : getContext().getProperty(CoreConstants.HOSTNAME_KEY), getName());
        s.recipients.reportTo(status::warn);
        SmtpTransport transport = new SmtpTransport(budget -> client(s, budget, null), s.from, s.cc, s.bcc, s.replyTo, zone);
        AlertEngine.RetryPolicy retry = new AlertEngine.RetryPolicy(s.retryFor.toNanos(), TimeUnit.SECONDS.toNanos(1),
                TimeUnit.MINUTES.toNanos(1));
        AlertEngine engine = new AlertEngine(inbox, digest, bucket, s.recipients, composer, transport, status, counters,
                System::nanoTime, retry);
        long tick = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(TimeUnit.SECONDS.toNanos(1),
                s.batchWindow.toNanos() / 2));
        shutdownNanos = s.shutdownTimeout.toNanos();
        sender = new SenderThread("mailback-sender-" + getName(), engine, inbox, status, tick);
        senderThread = sender.thread();
        senderLogReported.set(false);

        stopping.set(false);
        evaluatorErrors.set(0);
        accepting = true;
        registerJmx();
        if (registerShutdownHook) {
            shutdownHook = new Thread(this::onJvmExit, "mailback-shutdown-" + getName());
            try {
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            } catch (IllegalStateException | SecurityException e) {
                shutdownHook = null;
                addWarn("Could not register a JVM shutdown hook: " + e.getMessage());
            }
        }
        settings = s;
        sender.start();
        super.start();
    }

    /**
     * Sends what is pending as a final digest and stops, waiting at most {@code shutdownTimeout},
     * also on an interrupted thread (the flag is kept). Safe against concurrent logging and concurrent
     * calls (Logback's shutdown hook, Spring Boot's, this appender's own): a second caller waits for
     * the first one's flush, within the same bound.
     */
    @Override
    public void stop() {
        SenderThread s = sender;
        if (s == null) {
            super.stop();
            return;
        }
        if (!stopping.compareAndSet(false, true)) {
            // Another thread is stopping: wait for its final flush, within the same bound, without
            // starting one ahead of it.
            long deadline = stopDeadline;
            s.awaitFinished(deadline != 0 ? deadline : System.nanoTime() + shutdownNanos);
            return;
        }
        long deadline = System.nanoTime() + shutdownNanos;
        stopDeadline = deadline;
        super.stop();
        accepting = false;
        // A logging thread that saw accepting=true before it went false is finishing its offer: let
        // it, so that every counted event is in the inbox before the final flush reads it.
        while (inFlight.sum() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        boolean finished = s.stop(deadline);
        if (!finished) {
            addWarn("shutdownTimeout (" + shutdownTimeout + ") expired before the final email was sent; "
                    + counters.eventsUnaccounted() + " error event(s) may not be mailed");
        }
        unregisterJmx();
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

    /**
     * The JVM shutdown hook. It does not stop the appender: other hooks run at the same time (Spring
     * Boot's closes the application context, and its beans may log errors), and whoever stops Logback
     * afterwards does the final flush. It sends what is pending at once, and from then on every error
     * as soon as it is logged, and waits for those sends at most {@code shutdownTimeout}. When a
     * stop() is under way already, it waits for that one's flush instead.
     */
    private void onJvmExit() {
        SenderThread s = sender;
        if (s == null) {
            return;
        }
        if (stopping.get()) {
            long deadline = stopDeadline;
            s.awaitFinished(deadline != 0 ? deadline : System.nanoTime() + shutdownNanos);
            return;
        }
        if (!s.hurry(System.nanoTime() + shutdownNanos, () -> counters.eventsUnaccounted() == 0)) {
            addWarn("shutdownTimeout (" + shutdownTimeout + ") expired while the JVM exits; "
                    + counters.eventsUnaccounted() + " error event(s) may not be mailed");
        }
    }

    // ------------------------------------------------------------------ logging thread

    @Override
    protected void append(ILoggingEvent event) {
        if (!accepting) {
            return;
        }
        if (Thread.currentThread() == senderThread) {
            ignoreSendersOwn(event);
            return;
        }
        // The sender formats events later, on its own thread: freeze what is thread-bound now.
        event.prepareForDeferredProcessing();
        if (includeCallerData) {
            event.getCallerData();
        }
        String key = singleRing != null ? null : discriminator.getDiscriminatingValue(event);
        EventRing ring = singleRing != null ? singleRing : rings.ring(key);
        ring.add(event);
        if (isTriggering(event)) {
            handOver(event, ring);
        }
        if (marksEndOfSession(event)) {
            endSession(ring, key);
        }
    }

    /**
     * An event logged while the sender composes or sends (by a layout or evaluator that logs): mailing
     * it would make another one, forever. Counted, and reported once.
     */
    private void ignoreSendersOwn(ILoggingEvent event) {
        counters.loggedBySender();
        if (senderLogReported.compareAndSet(false, true)) {
            addWarn("An event of logger " + event.getLoggerName() + " was logged on the sender thread, by a "
                    + "component that runs while an email is composed or sent (a layout, say): it is not mailed, "
                    + "and neither are the later ones (see senderThreadEvents)");
        }
    }

    /** Counts a triggering event and gives it, with its context, to the sender. */
    private void handOver(ILoggingEvent event, EventRing ring) {
        inFlight.increment();
        try {
            if (!accepting) {
                return; // stop() began: the final flush may have read the inbox already
            }
            counters.triggered();
            // In a flood the inbox is full: spill the event without taking the ring's context with it.
            List<ILoggingEvent> context = inbox.hasRoom() ? ring.drain() : List.of();
            inbox.offer(new Incident(event, context, System.nanoTime()));
        } finally {
            inFlight.decrement();
        }
    }

    /** As in Logback: an event with the FINALIZE_SESSION marker ends its key's buffer. */
    private static boolean marksEndOfSession(ILoggingEvent event) {
        List<Marker> markers = event.getMarkerList();
        if (markers == null) {
            return false;
        }
        for (Marker m : markers) {
            if (m.contains(ClassicConstants.FINALIZE_SESSION_MARKER)) {
                return true;
            }
        }
        return false;
    }

    private void endSession(EventRing ring, String key) {
        if (rings != null) {
            rings.remove(key);
        } else {
            ring.drain();
        }
    }

    private boolean isTriggering(ILoggingEvent event) {
        EventEvaluator<ILoggingEvent> e = evaluator;
        if (e == null) {
            return event.getLevel().isGreaterOrEqual(Level.ERROR);
        }
        try {
            return e.evaluate(event);
        } catch (Exception ex) {
            if (evaluatorErrors.incrementAndGet() <= MAX_EVALUATOR_ERRORS) {
                addError("The evaluator " + e.getName() + " failed on an event", ex);
            }
            return false;
        }
    }

    // ------------------------------------------------------------------ configuration checks

    /** Everything start() derives from the properties; null when a property is wrong (reported). */
    private static final class Settings {
        String host;
        int port;
        String heloName;
        String username;
        String password;
        Address from;
        List<Address> cc;
        List<Address> bcc;
        List<Address> replyTo;
        RecipientPatterns recipients;
        RateLimit rate;
        TlsMode tls;
        SSLContext sslContext;
        Layout<ILoggingEvent> subjectLayout;
        Layout<ILoggingEvent> textLayout;
        Layout<ILoggingEvent> htmlLayout;
        Duration batchWindow;
        Duration repeatInterval;
        Duration maxRepeatInterval;
        Duration connectTimeout;
        Duration timeout;
        Duration shutdownTimeout;
        Duration retryFor;
    }

    private Settings validate() {
        Settings s = new Settings();
        String who = "SmtpAppender [" + getName() + "]: ";
        if (sessionViaJndi) {
            addWarn(who + "sessionViaJNDI is not supported (mailback does not use Jakarta Mail); "
                    + "configure smtpHost and the other properties instead");
        }
        if (!asynchronousSending) {
            addInfo(who + "asynchronousSending=false is ignored: mailback always sends from its own thread, "
                    + "and stop() waits up to shutdownTimeout for the pending email");
        }
        if (smtpHost == null || smtpHost.isBlank()) {
            addError(who + "the smtpHost property is not set");
            return null;
        }
        if (toPatterns.isEmpty()) {
            addError(who + "the to property is not set: no recipient");
            return null;
        }
        if (starttls && ssl) {
            addError(who + "the STARTTLS and SSL properties are both true; choose one "
                    + "(SSL: implicit TLS, usually port 465; STARTTLS: upgrade, usually port 587)");
            return null;
        }
        s.tls = ssl ? TlsMode.SMTPS : starttls ? TlsMode.STARTTLS : TlsMode.NONE;
        if (smtpPort < 0 || smtpPort > 65535) {
            addError(who + "the smtpPort property is out of range: " + smtpPort);
            return null;
        }
        try {
            s.rate = RateLimit.parse(rateLimit);
        } catch (IllegalArgumentException e) {
            addError(who + "the rateLimit property is wrong: " + e.getMessage());
            return null;
        }
        if (burst < 1) {
            addError(who + "the burst property must be at least 1: " + burst);
            return null;
        }
        if (growthFactor < 2) {
            addError(who + "the growthFactor property must be at least 2: " + growthFactor);
            return null;
        }
        if (maxGroups < 1 || inboxSize < 2 || maxDiscriminatorKeys < 1) {
            addError(who + "maxGroups, inboxSize and maxDiscriminatorKeys must be positive (inboxSize at least 2)");
            return null;
        }
        s.connectTimeout = duration(connectTimeout, "connectTimeout", who, false);
        s.timeout = duration(timeout, "timeout", who, false);
        s.shutdownTimeout = duration(shutdownTimeout, "shutdownTimeout", who, false);
        s.retryFor = duration(retryFor, "retryFor", who, false);
        s.repeatInterval = duration(repeatInterval, "repeatInterval", who, false);
        s.maxRepeatInterval = duration(maxRepeatInterval, "maxRepeatInterval", who, false);
        s.batchWindow = duration(batchWindow, "batchWindow", who, true);
        if (s.connectTimeout == null || s.timeout == null || s.shutdownTimeout == null || s.retryFor == null
                || s.repeatInterval == null || s.maxRepeatInterval == null || s.batchWindow == null) {
            return null;
        }
        if (s.maxRepeatInterval.compareTo(s.repeatInterval) < 0) {
            addError(who + "the maxRepeatInterval property is shorter than repeatInterval");
            return null;
        }
        if (cyclicBufferTracker != null && cyclicBufferTracker.getBufferSize() < 1) {
            addError(who + "the cyclicBufferTracker bufferSize must be at least 1");
            return null;
        }
        try {
            Charset.forName(charsetEncoding);
        } catch (RuntimeException e) {
            addError(who + "the charsetEncoding property names an unknown charset: " + charsetEncoding);
            return null;
        }
        try {
            s.from = Address.parse(from != null ? from : defaultFrom());
        } catch (RuntimeException e) {
            addError(who + "the from property is not a usable address: " + e.getMessage());
            return null;
        }
        try {
            s.recipients = new RecipientPatterns(toPatterns, getContext());
        } catch (RuntimeException e) {
            addError(who + "the to property is not a usable address list: " + e.getMessage());
            return null;
        }
        s.cc = addresses(cc, "cc", who);
        s.bcc = addresses(bcc, "bcc", who);
        s.replyTo = addresses(replyTo == null ? List.of() : List.of(replyTo), "replyTo", who);
        if (s.cc == null || s.bcc == null || s.replyTo == null) {
            return null;
        }
        if (username != null && password == null) {
            addError(who + "the username property is set but the password property is not");
            return null;
        }
        if (username != null && s.tls == TlsMode.NONE && !isLoopback(smtpHost)) {
            addError(who + "username is set without STARTTLS or SSL: the password would cross the network "
                    + "in clear text; set STARTTLS or SSL to true");
            return null;
        }
        if (sslConfiguration != null) {
            try {
                s.sslContext = sslConfiguration.createContext(this);
            } catch (Exception e) {
                addError(who + "the ssl property cannot make a TLS context: " + e);
                return null;
            }
        }
        if (localhost != null) {
            try {
                SmtpClient.builder().host("localhost").heloName(localhost);
            } catch (IllegalArgumentException e) {
                addError(who + "the localhost property is not a usable name: " + e.getMessage());
                return null;
            }
        }
        s.subjectLayout = patternLayout(subject == null ? DEFAULT_SUBJECT : subject, false);
        Layout<ILoggingEvent> userLayout = layout;
        if (userLayout != null && !userLayout.isStarted()) {
            userLayout.start();
        }
        boolean userLayoutIsHtml = userLayout != null && userLayout.getContentType() != null
                && userLayout.getContentType().contains("html");
        boolean wantHtml = html == null || html;
        s.textLayout = userLayout != null && !userLayoutIsHtml ? userLayout : patternLayout(DEFAULT_LAYOUT, true);
        s.htmlLayout = !wantHtml ? null : userLayout != null ? userLayout : s.textLayout;
        // Taken now, with the rest: setters called after start() do not change a running appender.
        s.host = smtpHost;
        s.port = smtpPort;
        s.heloName = localhost;
        s.username = username;
        s.password = password;
        return s;
    }

    /** The parsed duration, or null after reporting why it is not one (zero allowed only when said so). */
    private Duration duration(String text, String property, String who, boolean zeroAllowed) {
        try {
            Duration d = DurationProperty.parse(text);
            if (d.isNegative() || d.isZero() && !zeroAllowed) {
                throw new IllegalArgumentException("must be positive: " + text);
            }
            return d;
        } catch (IllegalArgumentException e) {
            addError(who + "the " + property + " property is wrong: " + e.getMessage());
            return null;
        }
    }

    private List<Address> addresses(List<String> lists, String property, String who) {
        List<Address> result = new ArrayList<>();
        try {
            for (String list : lists) {
                result.addAll(Address.parseList(list));
            }
        } catch (RuntimeException e) {
            addError(who + "the " + property + " property is not a usable address list: " + e.getMessage());
            return null;
        }
        return result;
    }

    private PatternLayout patternLayout(String pattern, boolean withThrowable) {
        PatternLayout l = new PatternLayout();
        l.setContext(getContext());
        l.setPattern(pattern);
        if (!withThrowable) {
            l.setPostCompileProcessor(null);
        }
        l.start();
        return l;
    }

    /** Like Jakarta Mail's default: the user at this host. */
    private static String defaultFrom() {
        String host;
        try {
            host = InetAddress.getLocalHost().getCanonicalHostName();
        } catch (java.net.UnknownHostException | SecurityException e) {
            host = "localhost";
        }
        return System.getProperty("user.name", "mailback") + "@" + host;
    }

    /**
     * True for {@code localhost} and loopback address literals. Names are not resolved here: a check
     * at start must not depend on DNS (the client checks the address it actually connects to).
     */
    static boolean isLoopback(String host) {
        String h = host.strip().toLowerCase(java.util.Locale.ROOT);
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        boolean literal = h.indexOf(':') >= 0 || h.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        if (!literal) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (java.net.UnknownHostException | SecurityException e) {
            return false;
        }
    }

    /** The client for one attempt; a budget (final flush) caps every timeout. */
    private SmtpClient client(Settings s, Duration budget, SmtpTranscript transcript) {
        Duration connect = s.connectTimeout;
        Duration read = s.timeout;
        // The whole message may take a few reads' worth, never minutes.
        Duration message = read.multipliedBy(3);
        if (budget != null) {
            Duration b = budget.isZero() || budget.isNegative() ? Duration.ofMillis(1) : budget;
            connect = min(connect, b);
            read = min(read, b);
            message = min(message, b);
        }
        SmtpClient.Builder b = SmtpClient.builder().host(s.host).port(s.port).tls(s.tls).sslContext(s.sslContext)
                .connectTimeout(connect).readTimeout(read).messageTimeout(message);
        if (s.heloName != null) {
            b.heloName(s.heloName);
        }
        if (s.username != null) {
            b.credentials(s.username, s.password);
        }
        return b.transcript(transcript).build();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }


    // ------------------------------------------------------------------ configuration check

    /**
     * Sends one test email now, on the calling thread, with exactly this appender's settings (server,
     * TLS, credentials, recipients), and returns the server's answer; {@code --check-config} uses it.
     * The email carries {@code X-Mailback-Events: 0}: it reports no event. The appender must be started.
     */
    public SendResult sendTestEmail(SmtpTranscript transcript) throws IOException {
        Settings s = settings;
        if (s == null || !isStarted()) {
            throw new IllegalStateException("appender " + getName() + " is not started");
        }
        String host = getContext().getProperty(CoreConstants.HOSTNAME_KEY);
        // The to patterns are evaluated on an event, as for a real alert.
        LoggingEvent probe = new LoggingEvent(SmtpAppender.class.getName(),
                ((LoggerContext) getContext()).getLogger("io.github.mailback.check"), Level.ERROR,
                "mailback configuration check", null, null);
        Route route = s.recipients.apply(probe);
        if (route == null) {
            throw new IllegalStateException("the to patterns give no address for a test event (without MDC values)");
        }
        List<Address> to = new ArrayList<>();
        for (String a : route.to()) {
            to.add(Address.parse(a));
        }
        Message message = Message.builder().from(s.from).to(to).cc(s.cc).bcc(s.bcc).replyTo(s.replyTo)
                .subject("mailback test email: appender " + getName() + " on " + host)
                .header(AlertEmail.EVENTS_HEADER, "0")
                .text("This test email was sent by mailback --check-config through the appender \"" + getName()
                        + "\" on " + host + ".\nIf you read it, this appender's alerts reach you.\n")
                .build();
        return SmtpTransport.send(message, client(s, null, transcript));
    }

    // ------------------------------------------------------------------ JMX

    private void registerJmx() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("io.github.mailback:type=SmtpAppender,name=" + jmxValue(getName()));
            server.registerMBean(new StandardMBean(this, SmtpAppenderMBean.class), name);
            jmxName = name;
        } catch (JMException | RuntimeException e) {
            jmxName = null;
            addWarn("Counters not registered in JMX: " + e.getMessage());
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

    // ------------------------------------------------------------------ counters

    /** All counters at once. */
    public AlertCounters counters() {
        return counters;
    }

    @Override
    public long getTriggeringEvents() {
        return counters.triggeredEvents();
    }

    @Override
    public long getEmailsSent() {
        return counters.emailsSent();
    }

    @Override
    public long getEventsReported() {
        return counters.eventsReported();
    }

    @Override
    public long getEventsSuppressed() {
        return counters.eventsSuppressed();
    }

    @Override
    public long getEventsHeld() {
        return counters.eventsHeld();
    }

    @Override
    public long getEventsFailed() {
        return counters.eventsFailed();
    }

    @Override
    public long getEventsUncertain() {
        return counters.eventsUncertain();
    }

    @Override
    public long getEventsLost() {
        return counters.eventsLost();
    }

    @Override
    public long getSendFailures() {
        return counters.sendFailures();
    }

    @Override
    public long getRetries() {
        return counters.retries();
    }

    @Override
    public long getRateLimited() {
        return counters.rateLimited();
    }

    @Override
    public long getInboxOverflow() {
        return counters.inboxOverflow();
    }

    @Override
    public long getSenderThreadEvents() {
        return counters.senderThreadEvents();
    }

    // ------------------------------------------------------------------ properties (Logback names)

    /** The SMTP server's host name. Required. */
    public void setSmtpHost(String smtpHost) {
        this.smtpHost = smtpHost;
    }

    /** Same as {@link #setSmtpHost}: old Logback configurations write {@code <SMTPHost>}. */
    public void setSMTPHost(String smtpHost) {
        setSmtpHost(smtpHost);
    }

    public String getSmtpHost() {
        return smtpHost;
    }

    /** The server port; 0 (default) means 25, 587 with STARTTLS, 465 with SSL. */
    public void setSmtpPort(int smtpPort) {
        this.smtpPort = smtpPort;
    }

    /** Same as {@link #setSmtpPort}: old Logback configurations write {@code <SMTPPort>}. */
    public void setSMTPPort(int smtpPort) {
        setSmtpPort(smtpPort);
    }

    public int getSmtpPort() {
        return smtpPort;
    }

    /** A recipient pattern (PatternLayout on the triggering event), possibly a comma list; repeatable. */
    public void addTo(String to) {
        if (to == null || to.isBlank()) {
            addWarn("Ignoring an empty to element");
            return;
        }
        toPatterns.add(to.strip());
    }

    /** The {@code to} patterns as given. */
    public List<String> getToAsListOfString() {
        return List.copyOf(toPatterns);
    }

    public void setFrom(String from) {
        this.from = from;
    }

    public String getFrom() {
        return from;
    }

    /** The subject pattern, applied to the main event of the digest; default {@code %logger{20} - %m}. */
    public void setSubject(String subject) {
        this.subject = subject;
    }

    public String getSubject() {
        return subject;
    }

    /**
     * Formats the events in the body: a PatternLayout or any text layout (both parts), or an
     * HTMLLayout (its table shows the context in the HTML part; the text part uses the default pattern).
     */
    @DefaultClass(PatternLayout.class)
    public void setLayout(Layout<ILoggingEvent> layout) {
        this.layout = layout;
    }

    public Layout<ILoggingEvent> getLayout() {
        return layout;
    }

    /** Decides which events trigger an email; default: level ERROR and above. */
    public void setEvaluator(EventEvaluator<ILoggingEvent> evaluator) {
        this.evaluator = evaluator;
    }

    /** Logback's buffer tracker; only its {@code bufferSize} (recent events kept per key) is used. */
    @DefaultClass(CyclicBufferTracker.class)
    public void setCyclicBufferTracker(CyclicBufferTracker<ILoggingEvent> tracker) {
        this.cyclicBufferTracker = tracker;
    }

    public CyclicBufferTracker<ILoggingEvent> getCyclicBufferTracker() {
        return cyclicBufferTracker;
    }

    /** Splits recent events by key (for example an MDC value), each key with its own buffer. */
    public void setDiscriminator(Discriminator<ILoggingEvent> discriminator) {
        this.discriminator = discriminator;
    }

    public Discriminator<ILoggingEvent> getDiscriminator() {
        return discriminator;
    }

    /** Upgrade with STARTTLS (RFC 3207), required: no clear-text fallback, unlike Logback's. */
    public void setSTARTTLS(boolean starttls) {
        this.starttls = starttls;
    }

    public boolean isSTARTTLS() {
        return starttls;
    }

    /** Implicit TLS from the first byte (RFC 8314), usually port 465. */
    public void setSSL(boolean ssl) {
        this.ssl = ssl;
    }

    public boolean isSSL() {
        return ssl;
    }

    /**
     * The user for AUTH. Blank means none, so that {@code <username>${SMTP_USER:-}</username>} works
     * for servers with and without authentication.
     */
    public void setUsername(String username) {
        this.username = username == null || username.isBlank() ? null : username;
    }

    public String getUsername() {
        return username;
    }

    /** The password for AUTH. Never shown in a status message or {@code toString}. */
    public void setPassword(String password) {
        this.password = password;
    }

    /** The name this host gives in EHLO; default: its canonical host name. */
    public void setLocalhost(String localhost) {
        this.localhost = localhost;
    }

    public String getLocalhost() {
        return localhost;
    }

    /** Checked to name a known charset; the messages themselves are always UTF-8, declared in MIME. */
    public void setCharsetEncoding(String charsetEncoding) {
        this.charsetEncoding = charsetEncoding;
    }

    public String getCharsetEncoding() {
        return charsetEncoding;
    }

    /** Accepted for compatibility: sending is always asynchronous here ({@code false} is reported and ignored). */
    public void setAsynchronousSending(boolean asynchronousSending) {
        this.asynchronousSending = asynchronousSending;
    }

    public boolean isAsynchronousSending() {
        return true;
    }

    /** Captures the caller's class, method and line on the logging thread (costly, as in Logback). */
    public void setIncludeCallerData(boolean includeCallerData) {
        this.includeCallerData = includeCallerData;
    }

    public boolean isIncludeCallerData() {
        return includeCallerData;
    }

    /** Not supported (there is no Jakarta Mail session); a warning says so at start. */
    public void setSessionViaJNDI(boolean sessionViaJndi) {
        this.sessionViaJndi = sessionViaJndi;
    }

    /** Not supported, see {@link #setSessionViaJNDI}. */
    public void setJndiLocation(String jndiLocation) {
        this.sessionViaJndi = true;
    }

    // ------------------------------------------------------------------ properties (new)

    /** Carbon-copy addresses (comma list allowed); repeatable. */
    public void addCc(String cc) {
        this.cc.add(cc);
    }

    /** Blind-copy addresses (comma list allowed); repeatable. They appear in no header. */
    public void addBcc(String bcc) {
        this.bcc.add(bcc);
    }

    /** The Reply-To address list. */
    public void setReplyTo(String replyTo) {
        this.replyTo = replyTo;
    }

    /** Emails allowed per period across all groups, like {@code 12/hour}; default {@code 12/hour}. */
    public void setRateLimit(String rateLimit) {
        this.rateLimit = rateLimit;
    }

    public String getRateLimit() {
        return rateLimit;
    }

    /** Emails that may go out back to back before the rate limit applies; default 5. */
    public void setBurst(int burst) {
        this.burst = burst;
    }

    /** How long a new error waits for others to join its email; default 5 seconds. */
    public void setBatchWindow(String batchWindow) {
        this.batchWindow = batchWindow;
    }

    /** Earliest repeat email for a group already mailed; doubles with each repeat. Default 10 minutes. */
    public void setRepeatInterval(String repeatInterval) {
        this.repeatInterval = repeatInterval;
    }

    /** Upper bound of the doubling repeat interval, and the quiet time that resets it. Default 4 hours. */
    public void setMaxRepeatInterval(String maxRepeatInterval) {
        this.maxRepeatInterval = maxRepeatInterval;
    }

    /** A group is mailed again sooner when its new events reach this multiple of its last email's; default 10. */
    public void setGrowthFactor(int growthFactor) {
        this.growthFactor = growthFactor;
    }

    /** Time allowed to open the TCP connection; default 5 seconds. */
    public void setConnectTimeout(String connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    /** Time allowed for each server reply; a whole message gets three times this. Default 10 seconds. */
    public void setTimeout(String timeout) {
        this.timeout = timeout;
    }

    /** Longest time {@code stop()} spends sending the final digest; default 10 seconds. */
    public void setShutdownTimeout(String shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    /** How long a transient failure is retried (exponential back-off, 1 s to 1 min); default 5 minutes. */
    public void setRetryFor(String retryFor) {
        this.retryFor = retryFor;
    }

    /**
     * Adds an HTML part next to the plain-text one (multipart/alternative); default true. The HTML
     * part is made for mail clients (inline styles, light and dark mode, the groups with counts and
     * times at the top, stack traces in monospace) and every client that prefers text still shows the
     * text part, unchanged. With an HTML {@code layout} (Logback's {@code HTMLLayout}) the email keeps
     * this template and shows the context as that layout's table; the text part then uses the default
     * pattern. {@code false} sends the text part alone.
     */
    public void setHtml(boolean html) {
        this.html = html;
    }

    /** Logback's {@code <ssl>} block: the trust store (and more) to verify the server with. */
    @Override
    @DefaultClass(SSLConfiguration.class)
    public void setSsl(SSLConfiguration ssl) {
        this.sslConfiguration = ssl;
    }

    @Override
    public SSLConfiguration getSsl() {
        return sslConfiguration;
    }

    /** Registers a JVM shutdown hook that sends the pending digest on exit; default true. */
    public void setRegisterShutdownHook(boolean register) {
        this.registerShutdownHook = register;
    }

    /** Distinct errors kept in detail at once; beyond that they are counted only. Default 50. */
    public void setMaxGroups(int maxGroups) {
        this.maxGroups = maxGroups;
    }

    /** Triggering events waiting for the sender thread; beyond that they are counted only. Default 1000. */
    public void setInboxSize(int inboxSize) {
        this.inboxSize = inboxSize;
    }

    /** Discriminator keys with their own buffer; the least recently used is dropped beyond. Default 64. */
    public void setMaxDiscriminatorKeys(int maxDiscriminatorKeys) {
        this.maxDiscriminatorKeys = maxDiscriminatorKeys;
    }
}
