package io.github.mailback.config;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.boolex.OnErrorEvaluator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.boolex.EventEvaluator;
import ch.qos.logback.core.sift.DefaultDiscriminator;
import ch.qos.logback.core.sift.Discriminator;
import ch.qos.logback.core.spi.LifeCycle;
import io.github.mailback.ConfigurationProblem;
import io.github.mailback.SmtpAppenderProperties;
import io.github.mailback.internal.LocalHostName;
import io.github.mailback.mime.Address;
import io.github.mailback.oauth.TokenProvider;
import io.github.mailback.smtp.SmtpClient;
import io.github.mailback.smtp.SmtpTranscript;
import io.github.mailback.smtp.TlsMode;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * The configuration of one appender, read from its properties and checked once, at start: immutable,
 * so the running appender sees one consistent configuration whatever setters are called later, and
 * handed whole to the alert pipeline (HikariCP seals its configuration the same way). {@link #read}
 * reports every wrong property, by name, not only the first.
 */
public final class Settings {
    /** Its {@code %ex} folds the frames that are not the application's ({@link AppFrames}). */
    public static final String DEFAULT_LAYOUT = "%date{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger - %msg%n%ex";
    /** The inbox's slots are allocated at start, a reference each: a few MB at most. */
    public static final int MAX_INBOX_SIZE = 1 << 20;
    /**
     * A context object under this key marks a context that --check-config loaded: its appenders only send
     * the check's test email, so no verifyOnStart connection and no Micrometer meters (which would also
     * wake Micrometer's own logging, and print its DEBUG line in the check's report).
     */
    public static final String CONFIG_CHECK = "io.github.mailback.configCheck";
    /** Longest wait at start for this host's name, when {@code from} is not set. */
    private static final long FROM_NAME_WAIT_MILLIS = 500;
    /** A whole message may take this many reply timeouts: a few reads' worth, never minutes. */
    private static final int MESSAGE_TIMEOUTS = 3;

    /** The appender's name, which names its threads, its status messages and the HTML footer. */
    public final String name;
    /** This host's name as Logback knows it (the context's HOSTNAME property), or null. */
    public final String hostName;
    /**
     * The service the emails speak for: the service property, else the context's name, else the host's
     * ({@link AppFrames#service}).
     */
    public final String service;
    public final ZoneId zone = ZoneId.systemDefault();

    // The server: see client().
    public final String host;
    public final int port;
    public final TlsMode tls;
    public final SSLContext sslContext;
    /** The TLS versions and cipher suites to offer, from {@code <ssl><parameters>}; null for the JDK's. */
    public final List<String> tlsProtocols;
    public final List<String> cipherSuites;
    public final String heloName;
    public final String username;
    public final String password;
    /** Null unless AUTH XOAUTH2. */
    public final TokenProvider oauth2;
    public final Duration connectTimeout;
    public final Duration timeout;

    public final Address from;
    public final List<Address> cc;
    public final List<Address> bcc;
    public final List<Address> replyTo;
    public final RecipientPatterns recipients;

    public final long nanosPerEmail;
    public final int burst;
    public final Duration batchWindow;
    public final Duration repeatInterval;
    public final Duration maxRepeatInterval;
    public final int growthFactor;
    public final Duration retryFor;
    public final Duration shutdownTimeout;

    public final int maxGroups;
    public final int inboxSize;
    public final int maxDiscriminatorKeys;
    public final int bufferSize;

    public final Layout<ILoggingEvent> subjectLayout;
    public final Layout<ILoggingEvent> textLayout;
    /** The layout of the HTML part: an HTML layout, or the text layout for mailback's HTML digest; null for none. */
    public final Layout<ILoggingEvent> htmlLayout;
    /** True when {@link #htmlLayout} writes HTML itself (Logback's {@code HTMLLayout}): its document is the HTML part. */
    public final boolean htmlIsLayouts;
    /** The layout property as set, or null. */
    public final Layout<ILoggingEvent> userLayout;
    /** The default layout: it replaces the user's should that fail on events again and again. */
    public final Layout<ILoggingEvent> fallbackLayout;
    /** The header property: each field name with the pattern of its value. */
    public final List<Map.Entry<String, Layout<ILoggingEvent>>> headers;
    public final AppFrames appFrames;

    /** Null for Logback's default trigger, level ERROR and above. */
    public final EventEvaluator<ILoggingEvent> evaluator;
    /** Null when all events share one buffer. */
    public final Discriminator<ILoggingEvent> discriminator;
    public final boolean includeCallerData;

    public final boolean registerShutdownHook;
    /** The spool's root directory, or null without a spool. */
    public final java.nio.file.Path spoolDir;
    public final long maxSpoolSize;
    public final boolean spoolFsync;
    public final boolean reportUncleanExit;
    /** Replaces secrets in everything mailed, spooled and printed; null when redactSecrets is false. */
    public final io.github.mailback.redact.Redactor redactor;
    /** Mails no log text: exception classes, frames, loggers, levels, counts and times only. */
    public final boolean minimalContent;
    /** Started by --check-config: the appender sends its test email and nothing else (no spool, no meters). */
    public final boolean configCheck;
    /** printStatus: the appender prints its own warnings and errors when nobody else would. */
    public final boolean printStatus;
    public final boolean verifyOnStart;
    /** Counters registered as Micrometer meters, when Micrometer is on the class path. */
    public final boolean meters;

    /** The settings with nothing wrong, or the problems. */
    public record Result(Settings settings, List<ConfigurationProblem> problems) {
    }

    /**
     * Reads and checks every property; nothing is started, nothing connects. What is wrong is in the
     * result's problems, and then there are no settings.
     */
    public static Result read(SmtpAppenderProperties p) {
        PropertyCheck check = new PropertyCheck();
        Settings settings = new Settings(p, check);
        return new Result(check.problems().isEmpty() ? settings : null, check.problems());
    }

    private Settings(SmtpAppenderProperties p, PropertyCheck check) {
        name = p.getName();
        LocalHostName.shared().start(); // the EHLO name, the default from: known by the first email, usually
        hostName = p.getContext().getProperty(CoreConstants.HOSTNAME_KEY);
        service = p.getService() != null ? p.getService() : AppFrames.service(p.getContext().getName(), hostName);

        ServerCheck server = new ServerCheck(p, check);
        host = server.host;
        port = p.getSmtpPort();
        tls = server.tls;
        sslContext = server.sslContext;
        tlsProtocols = server.tlsProtocols;
        cipherSuites = server.cipherSuites;
        heloName = server.heloName;
        username = p.getUsername();
        password = p.getPassword();
        oauth2 = server.oauth2;
        connectTimeout = check.duration("connectTimeout", p.getConnectTimeout(), false);
        timeout = check.duration("timeout", p.getTimeout(), false);

        from = check.value("from", "the from property is not a usable address: ",
                () -> Address.parse(p.getFrom() != null ? p.getFrom() : defaultFrom()));
        List<String> to = p.getToAsListOfString();
        recipients = to.isEmpty() ? check.fail("to", "the to property is not set: no recipient")
                : check.value("to", "the to property is not a usable address list: ",
                        () -> new RecipientPatterns(to, p.getContext()));
        cc = check.addresses("cc", p.getCc());
        bcc = check.addresses("bcc", p.getBcc());
        replyTo = check.addresses("replyTo", p.getReplyTo() == null ? List.of() : List.of(p.getReplyTo()));

        RateLimit rate = check.value("rateLimit", "the rateLimit property is wrong: ", () -> RateLimit.parse(p.getRateLimit()));
        nanosPerEmail = rate == null ? 0 : rate.nanosPerToken();
        burst = check.atLeast("burst", p.getBurst(), 1);
        growthFactor = check.atLeast("growthFactor", p.getGrowthFactor(), 2);
        batchWindow = check.duration("batchWindow", p.getBatchWindow(), true);
        repeatInterval = check.duration("repeatInterval", p.getRepeatInterval(), false);
        maxRepeatInterval = check.duration("maxRepeatInterval", p.getMaxRepeatInterval(), false);
        if (repeatInterval != null && maxRepeatInterval != null && maxRepeatInterval.compareTo(repeatInterval) < 0) {
            check.fail("maxRepeatInterval", "the maxRepeatInterval property is shorter than repeatInterval");
        }
        retryFor = check.duration("retryFor", p.getRetryFor(), false);
        shutdownTimeout = check.duration("shutdownTimeout", p.getShutdownTimeout(), false);

        maxGroups = check.atLeast("maxGroups", p.getMaxGroups(), 1);
        inboxSize = check.atLeast("inboxSize", p.getInboxSize(), 2);
        if (inboxSize > MAX_INBOX_SIZE) {
            check.fail("inboxSize", "the inboxSize property must be at most " + MAX_INBOX_SIZE
                    + " (its slots are allocated at start): " + inboxSize);
        }
        maxDiscriminatorKeys = check.atLeast("maxDiscriminatorKeys", p.getMaxDiscriminatorKeys(), 1);
        bufferSize = check.atLeast("cyclicBufferTracker", "cyclicBufferTracker bufferSize",
                p.getCyclicBufferTracker().getBufferSize(), 1);

        check.value("charsetEncoding", "the charsetEncoding property names an unknown charset: ",
                () -> java.nio.charset.Charset.forName(p.getCharsetEncoding()));
        LayoutCheck layouts = new LayoutCheck(p, service, check);
        appFrames = layouts.appFrames;
        subjectLayout = layouts.subject;
        textLayout = layouts.text;
        htmlLayout = layouts.html;
        htmlIsLayouts = layouts.htmlIsLayouts;
        userLayout = p.getLayout();
        fallbackLayout = layouts.fallback;
        headers = layouts.headers;

        EventEvaluator<ILoggingEvent> e = p.getEvaluator();
        // Logback's default trigger, mailback's fast path: level ERROR and above, without a call.
        evaluator = e.getClass() == OnErrorEvaluator.class ? null : started(check, "evaluator", e);
        discriminator = p.getDiscriminator() == null || p.getDiscriminator() instanceof DefaultDiscriminator ? null
                : started(check, "discriminator", p.getDiscriminator());
        if (userLayout != null) {
            started(check, "layout", userLayout);
        }
        includeCallerData = p.isIncludeCallerData();
        registerShutdownHook = p.isRegisterShutdownHook();
        spoolDir = p.getSpoolDir() == null ? null
                : check.value("spoolDir", "the spoolDir property is not a usable path: ",
                        () -> java.nio.file.Path.of(p.getSpoolDir()).toAbsolutePath());
        Long spoolSize = check.value("maxSpoolSize", "the maxSpoolSize property is wrong: ",
                () -> SizeProperty.parse(p.getMaxSpoolSize()));
        maxSpoolSize = spoolSize == null ? 0 : spoolSize;
        spoolFsync = p.isSpoolFsync();
        reportUncleanExit = p.isReportUncleanExit() && spoolDir != null;
        String print = p.getPrintStatus() == null ? "auto" : p.getPrintStatus().strip().toLowerCase(java.util.Locale.ROOT);
        if (!print.equals("auto") && !print.equals("off")) {
            check.fail("printStatus", "the printStatus property must be auto or off: " + p.getPrintStatus());
        }
        printStatus = print.equals("auto") && p.getContext().getObject(CONFIG_CHECK) == null;
        redactor = redactor(p, check);
        minimalContent = p.isMinimalContent();
        if (minimalContent) {
            printsText(check, "subject", p.getSubject());
            for (String h : p.getHeaders()) {
                printsText(check, "header", h);
            }
        }
        configCheck = p.getContext().getObject(CONFIG_CHECK) != null;
        verifyOnStart = p.isVerifyOnStart() && !configCheck;
        meters = !configCheck;
    }

    /**
     * The redactor of the redact* properties, each checked on its own so that a problem names its
     * property; null when redactSecrets is false.
     */
    private static io.github.mailback.redact.Redactor redactor(SmtpAppenderProperties p, PropertyCheck check) {
        if (!p.isRedactSecrets()) {
            return null;
        }
        List<String> keys = commaList(p.getRedactKeys());
        List<String> off = commaList(p.getRedactRulesOff());
        List<String> on = commaList(p.getRedactRulesOn());
        List<String> patterns = p.getRedactPatterns();
        boolean ok = check.value("redactKeys", "the redactKeys property is wrong: ",
                () -> io.github.mailback.redact.Redactor.builder().extraKeys(keys).build()) != null;
        ok &= check.value("redactRulesOff", "the redactRulesOff property is wrong: ",
                () -> io.github.mailback.redact.Redactor.builder().rulesOff(off).build()) != null;
        ok &= check.value("redactRulesOn", "the redactRulesOn property is wrong: ",
                () -> io.github.mailback.redact.Redactor.builder().rulesOn(on).build()) != null;
        for (String pattern : patterns) {
            ok &= check.value("redactPattern", "the redactPattern property is wrong: ",
                    () -> io.github.mailback.redact.Redactor.builder().patterns(List.of(pattern)).build()) != null;
        }
        return ok ? io.github.mailback.redact.Redactor.builder().extraKeys(keys).rulesOff(off).rulesOn(on)
                .patterns(patterns).build() : null;
    }

    private static List<String> commaList(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value == null ? new String[0] : value.split(",")) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return items;
    }

    /** With minimalContent, a pattern that prints the message or MDC values (%m, %X, %kvp) is refused. */
    private static void printsText(PropertyCheck check, String property, String pattern) {
        java.util.regex.Matcher m = pattern == null ? null
                : java.util.regex.Pattern.compile("%[-.0-9]*(msg|message|m|mdc|X|kvp)(?![a-zA-Z])").matcher(pattern);
        if (m != null && m.find()) {
            check.fail(property, "the " + property + " property prints log text (" + m.group() + "), which "
                    + "minimalContent forbids: " + pattern);
        }
    }

    /**
     * The component, started if it was not: one that does not start (an MDCBasedDiscriminator without
     * its defaultValue, say) would fail on events later, and on the logging thread, so the appender
     * refuses it now with a status that names it. Its own errors are in the status messages before.
     */
    private static <T extends LifeCycle> T started(PropertyCheck check, String property, T component) {
        if (!component.isStarted()) {
            component.start();
        }
        return component.isStarted() ? component : check.fail(property, "the " + property + " "
                + component.getClass().getName() + " did not start: see the status messages before this one");
    }

    /** The client for one attempt; a budget (the final flush's time left) caps every timeout. */
    public SmtpClient client(Duration budget, SmtpTranscript transcript) {
        Duration connect = connectTimeout;
        Duration read = timeout;
        Duration message = read.multipliedBy(MESSAGE_TIMEOUTS);
        if (budget != null) {
            Duration b = budget.isZero() || budget.isNegative() ? Duration.ofMillis(1) : budget;
            connect = min(connect, b);
            read = min(read, b);
            message = min(message, b);
        }
        SmtpClient.Builder b = SmtpClient.builder().host(host).port(port).tls(tls).sslContext(sslContext)
                .tlsProtocols(tlsProtocols).cipherSuites(cipherSuites).connectTimeout(connect).readTimeout(read).messageTimeout(message);
        if (heloName != null) {
            b.heloName(heloName);
        }
        if (oauth2 != null) {
            b.oauth2(username, oauth2);
        } else if (username != null) {
            b.credentials(username, password);
        }
        return b.transcript(transcript).build();
    }

    /**
     * Like Jakarta Mail's default: the user at this host, whose name comes from the JVM's one background
     * lookup, waited for {@link #FROM_NAME_WAIT_MILLIS} at most on the starting thread; "localhost"
     * when it is late. Setting {@code from} avoids both.
     */
    private static String defaultFrom() {
        LocalHostName.Names names = LocalHostName.shared().get(FROM_NAME_WAIT_MILLIS);
        String host = names == null || names.canonicalName() == null ? "localhost" : names.canonicalName();
        return System.getProperty("user.name", "mailback") + "@" + host;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** A pattern layout for the subject, a header, or the default text; {@code withThrowable}: adds {@code %ex}. */
    static PatternLayout patternLayout(SmtpAppenderProperties p, String pattern, boolean withThrowable, AppFrames app,
            String service) {
        PatternLayout l = new PatternLayout();
        l.setContext(p.getContext());
        l.setPattern(pattern);
        AppFrames.register(l, app, service);
        if (!withThrowable) {
            l.setPostCompileProcessor(null);
        }
        l.start();
        return l;
    }
}
