package io.github.mailback;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.boolex.EventEvaluator;
import ch.qos.logback.core.sift.DefaultDiscriminator;
import ch.qos.logback.core.sift.Discriminator;
import io.github.mailback.alert.AlertPipeline;
import io.github.mailback.alert.AppFrames;
import io.github.mailback.mime.Address;
import io.github.mailback.mime.Header;
import io.github.mailback.oauth.TokenProvider;
import io.github.mailback.smtp.SmtpClient;
import io.github.mailback.smtp.SmtpTranscript;
import io.github.mailback.smtp.TlsMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * The appender's properties read and checked once, at {@code start()}: immutable, so the running
 * appender sees one consistent configuration whatever setters are called later (HikariCP seals its
 * configuration the same way). {@link #read} reports every wrong property, not only the first.
 */
final class Settings {
    /** Its {@code %ex} folds the frames that are not the application's ({@link AppFrames}). */
    static final String DEFAULT_LAYOUT = "%date{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger - %msg%n%ex";
    /**
     * The connectTimeout property's default. The appender's timeouts are deliberately shorter than the
     * client's defaults ({@link SmtpClient#DEFAULT_CONNECT_TIMEOUT}, {@link SmtpClient#DEFAULT_READ_TIMEOUT},
     * {@link SmtpClient#DEFAULT_MESSAGE_TIMEOUT}): an alert should fail fast and be retried ({@code retryFor})
     * rather than hold the one sender thread while other errors wait behind it, and the final digest has to
     * be sent within {@code shutdownTimeout}.
     */
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The timeout property's default, for each server reply; shorter than the client's, see above. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** The inbox's slots are allocated at start, a reference each: a few MB at most. */
    static final int MAX_INBOX_SIZE = 1 << 20;
    /** A whole message may take this many reply timeouts: a few reads' worth, never minutes. */
    private static final int MESSAGE_TIMEOUTS = 3;
    /**
     * A context object under this key marks a context that --check-config loaded: its appenders only send
     * the check's test email, so no verifyOnStart connection and no Micrometer meters (which would also
     * wake Micrometer's own logging, and print its DEBUG line in the check's report).
     */
    static final String CONFIG_CHECK = "io.github.mailback.configCheck";

    final String host;
    final int port;
    final TlsMode tls;
    final SSLContext sslContext;
    final String heloName;
    final String username;
    final String password;
    /** Null unless AUTH XOAUTH2. */
    final TokenProvider oauth2;
    final Address from;
    final List<Address> cc;
    final List<Address> bcc;
    final List<Address> replyTo;
    final RecipientPatterns recipients;
    final long nanosPerEmail;
    final int burst;
    final int growthFactor;
    final int maxGroups;
    final int inboxSize;
    final int maxDiscriminatorKeys;
    final int bufferSize;
    final Duration batchWindow;
    final Duration repeatInterval;
    final Duration maxRepeatInterval;
    final Duration connectTimeout;
    final Duration timeout;
    final Duration shutdownTimeout;
    final Duration retryFor;
    final Layout<ILoggingEvent> subjectLayout;
    final Layout<ILoggingEvent> textLayout;
    /** Null when there is no HTML part. */
    final Layout<ILoggingEvent> htmlLayout;
    /** The header property: each field name with the pattern of its value. */
    final List<Map.Entry<String, Layout<ILoggingEvent>>> headers;
    /** Null for Logback's default trigger, level ERROR and above. */
    final EventEvaluator<ILoggingEvent> evaluator;
    /** Null when all events share one buffer. */
    final Discriminator<ILoggingEvent> discriminator;
    final boolean includeCallerData;
    final boolean registerShutdownHook;
    final AppFrames appFrames;
    final boolean verifyOnStart;
    /** Counters registered as Micrometer meters, when Micrometer is on the class path. */
    final boolean meters;

    /** Reads every property; what is wrong goes to {@code problems}, and the field stays null or 0. */
    private Settings(SmtpAppenderProperties p, List<String> problems) {
        Check check = new Check(problems);
        if (p.smtpPort < 0 || p.smtpPort > 65535) {
            check.fail("the smtpPort property is out of range: " + p.smtpPort);
        }
        port = p.smtpPort;
        // A comma list of host, host:port or [IPv6]:port, tried in order.
        List<InetSocketAddress> hosts = p.smtpHost == null || p.smtpHost.isBlank()
                ? check.fail("the smtpHost property is not set")
                : check.value("the smtpHost property is wrong: ", () -> SmtpClient.builder().host(p.smtpHost).build().hosts());
        host = hosts == null ? null : p.smtpHost;
        if (p.starttls && p.ssl) {
            check.fail("the STARTTLS and SSL properties are both true; choose one "
                    + "(SSL: implicit TLS, usually port 465; STARTTLS: upgrade, usually port 587)");
        }
        tls = p.ssl ? TlsMode.SMTPS : p.starttls ? TlsMode.STARTTLS : TlsMode.NONE;
        sslContext = p.sslConfiguration == null ? null
                : check.value("the ssl property cannot make a TLS context: ", () -> p.sslConfiguration.createContext(p));
        heloName = p.localhost == null ? null : check.value("the localhost property is not a usable name: ", () -> {
            SmtpClient.builder().host("localhost").heloName(p.localhost);
            return p.localhost;
        });
        username = p.username;
        password = p.password;
        oauth2 = p.oauth2 == null ? null : check.value("the oauth2 property is wrong: ", () -> {
            p.oauth2.check();
            return p.oauth2;
        });
        if (p.oauth2 != null && (username == null || password != null && !password.isEmpty())) {
            check.fail("the oauth2 property needs the username property (the mailbox) and no password property");
        }
        if (username != null && password == null && p.oauth2 == null) {
            check.fail("the username property is set but the password property is not");
        }
        boolean allLoopback = true;
        for (InetSocketAddress h : hosts == null ? List.<InetSocketAddress>of() : hosts) {
            allLoopback &= isLoopback(h.getHostString());
        }
        if (username != null && tls == TlsMode.NONE && hosts != null && !allLoopback) {
            check.fail("username is set without STARTTLS or SSL: the " + (p.oauth2 == null ? "password" : "token")
                    + " would cross the network in clear text; set STARTTLS or SSL to true");
        }

        from = check.value("the from property is not a usable address: ",
                () -> Address.parse(p.from != null ? p.from : defaultFrom()));
        recipients = p.toPatterns.isEmpty() ? check.fail("the to property is not set: no recipient")
                : check.value("the to property is not a usable address list: ",
                        () -> new RecipientPatterns(p.toPatterns, p.getContext()));
        cc = addresses(check, p.cc, "cc");
        bcc = addresses(check, p.bcc, "bcc");
        replyTo = addresses(check, p.replyTo == null ? List.of() : List.of(p.replyTo), "replyTo");

        RateLimit rate = check.value("the rateLimit property is wrong: ", () -> RateLimit.parse(p.rateLimit));
        nanosPerEmail = rate == null ? 0 : rate.nanosPerToken();
        burst = check.atLeast("burst", p.burst, 1);
        growthFactor = check.atLeast("growthFactor", p.growthFactor, 2);
        maxGroups = check.atLeast("maxGroups", p.maxGroups, 1);
        inboxSize = check.atLeast("inboxSize", p.inboxSize, 2);
        if (inboxSize > MAX_INBOX_SIZE) {
            check.fail("the inboxSize property must be at most " + MAX_INBOX_SIZE + " (its slots are allocated at start): "
                    + inboxSize);
        }
        maxDiscriminatorKeys = check.atLeast("maxDiscriminatorKeys", p.maxDiscriminatorKeys, 1);
        bufferSize = check.atLeast("cyclicBufferTracker bufferSize", p.getCyclicBufferTracker().getBufferSize(), 1);

        connectTimeout = check.duration("connectTimeout", p.connectTimeout, false);
        timeout = check.duration("timeout", p.timeout, false);
        shutdownTimeout = check.duration("shutdownTimeout", p.shutdownTimeout, false);
        retryFor = check.duration("retryFor", p.retryFor, false);
        repeatInterval = check.duration("repeatInterval", p.repeatInterval, false);
        maxRepeatInterval = check.duration("maxRepeatInterval", p.maxRepeatInterval, false);
        batchWindow = check.duration("batchWindow", p.batchWindow, true);
        if (repeatInterval != null && maxRepeatInterval != null && maxRepeatInterval.compareTo(repeatInterval) < 0) {
            check.fail("the maxRepeatInterval property is shorter than repeatInterval");
        }
        check.value("the charsetEncoding property names an unknown charset: ", () -> Charset.forName(p.charsetEncoding));

        AppFrames app = p.appPackages == null ? AppFrames.DEFAULT
                : check.value("the appPackages property is wrong: ", () -> new AppFrames(p.appPackages));
        appFrames = app == null ? AppFrames.DEFAULT : app;
        String subject = p.subject == null ? SmtpAppenderProperties.DEFAULT_SUBJECT : p.subject;
        if (!AppFrames.CONVERTERS && subject == SmtpAppenderProperties.DEFAULT_SUBJECT) {
            subject = "%logger{20} - %m"; // Logback before 1.5.13: its own default
        }
        subjectLayout = patternLayout(p, subject, false, appFrames);
        Layout<ILoggingEvent> userLayout = p.layout;
        if (userLayout != null && !userLayout.isStarted()) {
            userLayout.start();
        }
        boolean userLayoutIsHtml = userLayout != null && userLayout.getContentType() != null
                && userLayout.getContentType().contains("html");
        textLayout = userLayout != null && !userLayoutIsHtml ? userLayout : patternLayout(p, DEFAULT_LAYOUT, true, appFrames);
        // An HTML layout's document is the HTML part whatever html says: Logback sent it as the body.
        htmlLayout = userLayoutIsHtml ? userLayout : p.html != null && !p.html ? null : textLayout;
        headers = headers(check, p, appFrames);

        evaluator = p.evaluator;
        discriminator = p.discriminator == null || p.discriminator instanceof DefaultDiscriminator ? null
                : p.discriminator;
        includeCallerData = p.includeCallerData;
        registerShutdownHook = p.registerShutdownHook;
        boolean configCheck = p.getContext().getObject(CONFIG_CHECK) != null;
        verifyOnStart = p.verifyOnStart && !configCheck;
        meters = !configCheck;
    }

    /**
     * The settings, or null after reporting each wrong property as an error status (and what is
     * ignored as a warning or info).
     */
    static Settings read(SmtpAppenderProperties p) {
        String who = "SmtpAppender [" + p.getName() + "]: ";
        if (p.sessionViaJndi) {
            p.addWarn(who + "sessionViaJNDI is not supported (mailback does not use Jakarta Mail); "
                    + "configure smtpHost and the other properties instead");
        }
        if (!p.asynchronousSending) {
            p.addInfo(who + "asynchronousSending=false is ignored: mailback always sends from its own thread, "
                    + "and stop() waits up to shutdownTimeout for the pending email");
        }
        List<String> problems = new ArrayList<>();
        Settings settings = new Settings(p, problems);
        for (String problem : problems) {
            p.addError(who + problem);
        }
        return problems.isEmpty() ? settings : null;
    }

    /** The client for one attempt; a budget (the final flush's time left) caps every timeout. */
    SmtpClient client(Duration budget, SmtpTranscript transcript) {
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
                .connectTimeout(connect).readTimeout(read).messageTimeout(message);
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

    /** Reads one value; may throw to say it is wrong. */
    private interface Read<T> {
        T get() throws Exception;
    }

    /** Collects what is wrong; each method returns null (or 0) for a wrong value, so reading goes on. */
    private record Check(List<String> problems) {
        <T> T fail(String problem) {
            problems.add(problem);
            return null;
        }

        <T> T value(String problemPrefix, Read<T> read) {
            try {
                return read.get();
            } catch (Exception e) {
                String detail = e instanceof IllegalArgumentException && e.getMessage() != null ? e.getMessage()
                        : e.toString();
                return fail(problemPrefix + detail);
            }
        }

        int atLeast(String property, int value, int min) {
            if (value < min) {
                fail("the " + property + " property must be at least " + min + ": " + value);
                return 0;
            }
            return value;
        }

        Duration duration(String property, String text, boolean zeroAllowed) {
            return value("the " + property + " property is wrong: ", () -> {
                Duration d = DurationProperty.parse(text);
                if (d.isNegative() || d.isZero() && !zeroAllowed) {
                    throw new IllegalArgumentException("must be positive: " + text);
                }
                return d;
            });
        }
    }

    private static List<Address> addresses(Check check, List<String> lists, String property) {
        return check.value("the " + property + " property is not a usable address list: ", () -> {
            List<Address> result = new ArrayList<>();
            for (String list : lists) {
                result.addAll(Address.parseList(list));
            }
            return List.copyOf(result);
        });
    }

    /**
     * Each {@code Name: pattern} of the header property. The name must be a field name (RFC 5322
     * 3.6.8) that the message writer does not set itself; the value may hold anything, since it is
     * cleaned to one line when written. All wrong ones are reported.
     */
    private static List<Map.Entry<String, Layout<ILoggingEvent>>> headers(Check check, SmtpAppenderProperties p,
            AppFrames app) {
        List<Map.Entry<String, Layout<ILoggingEvent>>> result = new ArrayList<>();
        for (String h : p.headers) {
            int colon = h.indexOf(':');
            String name = colon < 0 ? "" : h.substring(0, colon).strip();
            String problem = colon < 0 ? "no colon in '" + h + "': write Name: pattern, e.g. X-Env: ${ENV}" : null;
            if (problem == null) {
                try {
                    new Header(name, "");
                    if (AlertPipeline.writesHeader(name)) {
                        problem = name + " is written by mailback on every email";
                    }
                } catch (IllegalArgumentException e) {
                    problem = e.getMessage();
                }
            }
            if (problem != null) {
                check.fail("the header property is wrong: " + problem);
            } else {
                result.add(Map.entry(name, patternLayout(p, h.substring(colon + 1).strip(), false, app)));
            }
        }
        return List.copyOf(result);
    }

    private static PatternLayout patternLayout(SmtpAppenderProperties p, String pattern, boolean withThrowable,
            AppFrames app) {
        PatternLayout l = new PatternLayout();
        l.setContext(p.getContext());
        l.setPattern(pattern);
        AppFrames.register(l, app);
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
        String h = host.strip().toLowerCase(Locale.ROOT);
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

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
