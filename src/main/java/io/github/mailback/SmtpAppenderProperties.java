package io.github.mailback;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.boolex.OnErrorEvaluator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.boolex.EventEvaluator;
import ch.qos.logback.core.joran.spi.DefaultClass;
import ch.qos.logback.core.net.ssl.SSLComponent;
import ch.qos.logback.core.net.ssl.SSLConfiguration;
import ch.qos.logback.core.pattern.PatternLayoutBase;
import ch.qos.logback.core.sift.Discriminator;
import ch.qos.logback.core.spi.CyclicBufferTracker;
import io.github.mailback.oauth.TokenProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * The logback.xml properties of {@link SmtpAppender}: Logback's SMTPAppender names and meanings, then
 * mailback's own. Only raw values live here; {@code start()} reads and checks them once into a sealed
 * copy that the running appender uses, so a setter called later changes nothing until the next start.
 * Not meant to be extended: its constructor is package-private.
 */
public abstract class SmtpAppenderProperties extends UnsynchronizedAppenderBase<ILoggingEvent> implements SSLComponent {
    /** What broke, where, and in which service: {@code IllegalStateException: Store down (OrderController.get) on orders}. */
    public static final String DEFAULT_SUBJECT = "%headline on %service";

    // ---- configuration (Logback SMTPAppender names) ----
    private String smtpHost;
    private int smtpPort;
    private final List<String> toPatterns = new ArrayList<>();
    private String from;
    private String subject = DEFAULT_SUBJECT;
    private Layout<ILoggingEvent> layout;
    private EventEvaluator<ILoggingEvent> evaluator;
    private CyclicBufferTracker<ILoggingEvent> cyclicBufferTracker = new CyclicBufferTracker<>();
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
    private String jndiLocation;
    /** The default trigger as Logback's appender makes it, for {@link #getEvaluator()}; made on first call. */
    private EventEvaluator<ILoggingEvent> defaultEvaluator;

    // ---- configuration (new) ----
    private final List<String> cc = new ArrayList<>();
    private final List<String> bcc = new ArrayList<>();
    private final List<String> headers = new ArrayList<>();
    private final List<String> redactPatterns = new ArrayList<>();
    private String replyTo;
    private String rateLimit = "12/hour";
    private int burst = 5;
    private String batchWindow = "5 seconds";
    private String repeatInterval = "10 minutes";
    private String maxRepeatInterval = "4 hours";
    private int growthFactor = 10;
    /*
     * Shorter than the SMTP client's own defaults (10 s to connect, 30 s a reply): an alert should fail
     * fast and be retried (retryFor) rather than hold the one sender thread while other errors wait
     * behind it, and the final digest has to be sent within shutdownTimeout.
     */
    private String connectTimeout = "5 seconds";
    private String timeout = "10 seconds";
    private String shutdownTimeout = "10 seconds";
    /** Covers a greylisting delay (Postgrey's default is 300 s) and the back-off's next step after it. */
    private String retryFor = "10 minutes";
    private boolean html = true;
    private SSLConfiguration sslConfiguration;
    private boolean registerShutdownHook = true;
    private int maxGroups = 50;
    private int inboxSize = 1000;
    private int maxDiscriminatorKeys = 64;
    private String appPackages;
    private String service;
    private String printStatus = "auto";
    private String spoolDir;
    private String maxSpoolSize = "10 MB";
    private boolean spoolFsync;
    private Boolean reportUncleanExit;
    private boolean redactSecrets = true;
    private String redactKeys;
    private String redactRulesOff;
    private String redactRulesOn;
    private boolean minimalContent;
    private TokenProvider oauth2;
    private boolean verifyOnStart = true;

    SmtpAppenderProperties() {
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

    /** Same as {@link #getSmtpHost}: Logback's spelling. */
    public String getSMTPHost() {
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

    /** The port set, or when none is set the one used: 465 with SSL, 587 with STARTTLS, otherwise 25. */
    public int getSmtpPort() {
        return smtpPort != 0 ? smtpPort : ssl ? 465 : starttls ? 587 : 25;
    }

    /** Same as {@link #getSmtpPort}: Logback's spelling. */
    public int getSMTPPort() {
        return getSmtpPort();
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

    /**
     * The {@code to} patterns as layouts, one per {@code to} element, as Logback's appender returns
     * them: a read-only copy (add recipients with {@link #addTo}). Each is a new {@link PatternLayout},
     * started when the appender has a context; the appender evaluates its own.
     */
    public List<PatternLayoutBase<ILoggingEvent>> getToList() {
        List<PatternLayoutBase<ILoggingEvent>> layouts = new ArrayList<>(toPatterns.size());
        for (String pattern : toPatterns) {
            PatternLayout layout = new PatternLayout();
            layout.setPattern(pattern);
            if (getContext() != null) {
                layout.setContext(getContext());
                layout.start();
            }
            layouts.add(layout);
        }
        return List.copyOf(layouts);
    }

    public void setFrom(String from) {
        this.from = from;
    }

    public String getFrom() {
        return from;
    }

    /**
     * The subject pattern, applied to the main event of the digest; default {@code %headline on %service}
     * (Logback's is {@code %logger{20} - %m}). {@code %headline} and {@code %service} work in any subject.
     */
    public void setSubject(String subject) {
        this.subject = subject;
    }

    public String getSubject() {
        return subject;
    }

    /**
     * Formats the events in the body, framed as in Logback (file header, presentation header, events,
     * presentation footer, file footer): a PatternLayout or any text layout (the text part, and the
     * HTML digest's blocks), or an HTMLLayout (its own document is the HTML part, whatever
     * {@code html} says; the text part uses the default pattern).
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

    /**
     * The evaluator set, or when none is set an {@link OnErrorEvaluator} (level ERROR and above), the
     * one Logback's appender makes and the rule the appender applies; never null.
     */
    public EventEvaluator<ILoggingEvent> getEvaluator() {
        if (evaluator != null) {
            return evaluator;
        }
        if (defaultEvaluator == null) {
            OnErrorEvaluator onError = new OnErrorEvaluator();
            onError.setContext(getContext());
            onError.setName("onError");
            onError.start();
            defaultEvaluator = onError;
        }
        return defaultEvaluator;
    }

    /**
     * Logback's buffer tracker; only its {@code bufferSize} (recent events kept per key) is used, by
     * mailback's own buffers. Null keeps the default one.
     */
    @DefaultClass(CyclicBufferTracker.class)
    public void setCyclicBufferTracker(CyclicBufferTracker<ILoggingEvent> tracker) {
        this.cyclicBufferTracker = tracker != null ? tracker : new CyclicBufferTracker<>();
    }

    /** The tracker whose {@code bufferSize} is in use (by default Logback's, 256); never null. */
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

    /** The password as set, as Logback's appender returns it. */
    public String getPassword() {
        return password;
    }

    /**
     * AUTH XOAUTH2 with tokens from this provider, for the {@code username} mailbox, instead of a
     * password: {@code <oauth2 class="io.github.mailback.oauth.MicrosoftTokenProvider">} (or
     * {@code GoogleServiceAccountTokenProvider}, {@code ClientCredentialsTokenProvider}, your own
     * {@link TokenProvider}) with its properties as nested elements.
     */
    public void setOauth2(TokenProvider oauth2) {
        this.oauth2 = oauth2;
    }

    /** The token provider set, or null. */
    public TokenProvider getOauth2() {
        return oauth2;
    }

    /**
     * The name this host gives in EHLO. Default: this machine's fully qualified name, from one background
     * lookup waited for at most a second; when there is none (no dot, {@code localhost}, a
     * {@code .localdomain} name, a late or failed lookup), each connection gives the address literal of
     * its own end, {@code [192.0.2.10]} or {@code [IPv6:2001:db8::10]} (RFC 5321 section 4.1.4).
     */
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

    /** The value as set, as Logback's appender returns it; mailback sends asynchronously whatever it says. */
    public boolean isAsynchronousSending() {
        return asynchronousSending;
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

    public boolean isSessionViaJNDI() {
        return sessionViaJndi;
    }

    /** Not supported, see {@link #setSessionViaJNDI}. */
    public void setJndiLocation(String jndiLocation) {
        this.jndiLocation = jndiLocation;
        this.sessionViaJndi = true;
    }

    public String getJndiLocation() {
        return jndiLocation;
    }

    // ------------------------------------------------------------------ properties (new)

    /** Carbon-copy addresses (comma list allowed); repeatable. */
    public void addCc(String cc) {
        this.cc.add(cc);
    }

    /** The cc values as given, in order. */
    public List<String> getCc() {
        return List.copyOf(cc);
    }

    /** Blind-copy addresses (comma list allowed); repeatable. They appear in no header. */
    public void addBcc(String bcc) {
        this.bcc.add(bcc);
    }

    /** The bcc values as given, in order. */
    public List<String> getBcc() {
        return List.copyOf(bcc);
    }

    /**
     * A header field added to every email, written {@code Name: pattern}; repeatable. The pattern is
     * applied to the email's main event, as the subject's is, and its result is made one line (nothing
     * in it can add a header). The name must be a valid field name that mailback does not write
     * itself (not From, To, Subject, Message-ID, Content-*, X-Mailback-Events...). For example
     * {@code X-Env: ${ENV}} or {@code X-Request: %X{requestId}}.
     */
    public void addHeader(String header) {
        headers.add(header);
    }

    /** The header values as given ({@code Name: pattern}), in order. */
    public List<String> getHeaders() {
        return List.copyOf(headers);
    }

    /** The Reply-To address list. */
    public void setReplyTo(String replyTo) {
        this.replyTo = replyTo;
    }

    public String getReplyTo() {
        return replyTo;
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

    public int getBurst() {
        return burst;
    }

    /** How long a new error waits for others to join its email; default 5 seconds. */
    public void setBatchWindow(String batchWindow) {
        this.batchWindow = batchWindow;
    }

    public String getBatchWindow() {
        return batchWindow;
    }

    /** Earliest repeat email for a group already mailed; doubles with each repeat. Default 10 minutes. */
    public void setRepeatInterval(String repeatInterval) {
        this.repeatInterval = repeatInterval;
    }

    public String getRepeatInterval() {
        return repeatInterval;
    }

    /** Upper bound of the doubling repeat interval, and the quiet time that resets it. Default 4 hours. */
    public void setMaxRepeatInterval(String maxRepeatInterval) {
        this.maxRepeatInterval = maxRepeatInterval;
    }

    public String getMaxRepeatInterval() {
        return maxRepeatInterval;
    }

    /** A group is mailed again sooner when its new events reach this multiple of its last email's; default 10. */
    public void setGrowthFactor(int growthFactor) {
        this.growthFactor = growthFactor;
    }

    public int getGrowthFactor() {
        return growthFactor;
    }

    /** Time allowed to open the TCP connection; default 5 seconds. */
    public void setConnectTimeout(String connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public String getConnectTimeout() {
        return connectTimeout;
    }

    /** Time allowed for each server reply; a whole message gets three times this. Default 10 seconds. */
    public void setTimeout(String timeout) {
        this.timeout = timeout;
    }

    public String getTimeout() {
        return timeout;
    }

    /** Longest time {@code stop()} spends sending the final digest; default 10 seconds. */
    public void setShutdownTimeout(String shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public String getShutdownTimeout() {
        return shutdownTimeout;
    }

    /** How long a transient failure is retried (exponential back-off, 1 s to 1 min); default 10 minutes. */
    public void setRetryFor(String retryFor) {
        this.retryFor = retryFor;
    }

    public String getRetryFor() {
        return retryFor;
    }

    /**
     * Adds an HTML part next to the plain-text one (multipart/alternative); default true. The HTML
     * part is made for mail clients (inline styles, light and dark mode, the groups with counts and
     * times at the top, stack traces in monospace) and every client that prefers text still shows the
     * text part, unchanged. {@code false} sends the text part alone. With an HTML {@code layout}
     * (Logback's {@code HTMLLayout}) the HTML part is that layout's own document instead, in both cases.
     */
    public void setHtml(boolean html) {
        this.html = html;
    }

        public boolean isHtml() {
        return html;
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

    public boolean isRegisterShutdownHook() {
        return registerShutdownHook;
    }

    /** Distinct errors kept in detail at once; beyond that they are counted only. Default 50. */
    public void setMaxGroups(int maxGroups) {
        this.maxGroups = maxGroups;
    }

    public int getMaxGroups() {
        return maxGroups;
    }

    /** Triggering events waiting for the sender thread; beyond that they are counted only. Default 1000. */
    public void setInboxSize(int inboxSize) {
        this.inboxSize = inboxSize;
    }

    public int getInboxSize() {
        return inboxSize;
    }

    /**
     * The packages whose stack frames are the application's, a comma list of prefixes
     * ({@code com.shop, org.acme.billing}); default: every package but the JDK's and the usual
     * frameworks'. Those frames make the fingerprint and the subject's headline, and the others are
     * folded in the default layout's stack traces.
     */
    public void setAppPackages(String appPackages) {
        this.appPackages = appPackages;
    }

    /**
     * The name of the service the emails speak for, in subjects ({@code %service}), the HTML part and
     * thread ids; default: the Logback context's name ({@code <contextName>}), else the host's.
     * The Spring Boot starter sets it from {@code spring.application.name}.
     */
    public void setService(String service) {
        this.service = service == null || service.isBlank() ? null : service.strip();
    }

    /** The service property as set, or null for the default (the context's name, else the host's). */
    public String getService() {
        return service;
    }

    /**
     * {@code auto} (default): when the Logback context has no status listener at all, the appender
     * prints its own warnings and errors (a failed send, a failed check at start) on standard error, at
     * most ten a minute, so that a plain Logback setup does not hide why no email came. {@code off}:
     * never. Spring Boot and a configured {@code <statusListener>} show them already.
     */
    public void setPrintStatus(String printStatus) {
        this.printStatus = printStatus;
    }

    public String getPrintStatus() {
        return printStatus;
    }

    /**
     * A directory where the sender keeps what it holds (the errors waiting for their email, the groups and
     * their counts, what was mailed and when, the emails being sent), so that a crash, a SIGKILL or an OOM
     * kill loses no alert and a crash loop does not mail once per restart; default: none, everything is in
     * memory. Created if missing (mode 0700); each appender writes a folder of its own in it
     * ({@code <context>/<appender>}). Give each application its own; not {@code java.io.tmpdir}, and on
     * Kubernetes a volume or an {@code emptyDir}, which a container's restart keeps.
     */
    public void setSpoolDir(String spoolDir) {
        this.spoolDir = spoolDir == null || spoolDir.isBlank() ? null : spoolDir.strip();
    }

    public String getSpoolDir() {
        return spoolDir;
    }

    /**
     * The most the spool may take on disk, like {@code 10 MB} (units B, KB, MB, GB; a bare number is
     * bytes); default 10 MB. Past it, the oldest groups' context events are dropped, never their counts.
     */
    public void setMaxSpoolSize(String maxSpoolSize) {
        this.maxSpoolSize = maxSpoolSize;
    }

    public String getMaxSpoolSize() {
        return maxSpoolSize;
    }

    /**
     * Forces each spool write to the disk (fsync of the file, and of the directory at most once per
     * sender step), for power loss and operating-system crashes; default false: a killed process loses
     * nothing without it, the page cache keeps what was written.
     */
    public void setSpoolFsync(boolean spoolFsync) {
        this.spoolFsync = spoolFsync;
    }

    public boolean isSpoolFsync() {
        return spoolFsync;
    }

    /**
     * With spoolDir: a run that ended without a clean stop (killed, out of memory) is reported by the next
     * start, as a group of its own, even when it logged no error; default true when spoolDir is set.
     */
    public void setReportUncleanExit(boolean reportUncleanExit) {
        this.reportUncleanExit = reportUncleanExit;
    }

    /** As set, else true when spoolDir is set. */
    public boolean isReportUncleanExit() {
        return reportUncleanExit != null ? reportUncleanExit : spoolDir != null;
    }

    /**
     * Replaces the secrets in what the appender mails and prints (passwords and tokens under their keys,
     * Authorization values, JWTs, passwords in URLs, private keys, vendor tokens, card numbers, IBANs) by
     * markers that name the rule, such as {@code password=[redacted:password]}; default true. See
     * docs/redaction.md.
     */
    public void setRedactSecrets(boolean redactSecrets) {
        this.redactSecrets = redactSecrets;
    }

    public boolean isRedactSecrets() {
        return redactSecrets;
    }

    /** More key names whose values are secrets, a comma list compared word by word: {@code ssn, member secret}. */
    public void setRedactKeys(String redactKeys) {
        this.redactKeys = redactKeys;
    }

    public String getRedactKeys() {
        return redactKeys;
    }

    /** A regular expression whose match (or first group, when it has one) is a secret; repeatable. */
    public void addRedactPattern(String pattern) {
        if (pattern != null && !pattern.isEmpty()) {
            redactPatterns.add(pattern);
        }
    }

    /** The redactPattern values, in order. */
    public List<String> getRedactPatterns() {
        return List.copyOf(redactPatterns);
    }

    /** Built-in redaction rules turned off, a comma list of their names: {@code iban, card-number}. */
    public void setRedactRulesOff(String redactRulesOff) {
        this.redactRulesOff = redactRulesOff;
    }

    public String getRedactRulesOff() {
        return redactRulesOff;
    }

    /** Redaction rules that are off unless turned on, a comma list: {@code email}, {@code ip-address}. */
    public void setRedactRulesOn(String redactRulesOn) {
        this.redactRulesOn = redactRulesOn;
    }

    public String getRedactRulesOn() {
        return redactRulesOn;
    }

    /**
     * Mails no log text at all: only exception classes, the application's frames, logger names, levels,
     * counts and times; no message, exception message, MDC value or context line. A subject or header
     * pattern that prints the message or MDC is refused at start. Default false.
     */
    public void setMinimalContent(boolean minimalContent) {
        this.minimalContent = minimalContent;
    }

    public boolean isMinimalContent() {
        return minimalContent;
    }

    /** The appPackages property as set, or null for the default rule. */
    public String getAppPackages() {
        return appPackages;
    }

    /**
     * Right after start, in the background, connects to the server, says EHLO, starts TLS and
     * authenticates as an alert would, then QUITs, and reports the outcome as an info or a warning status;
     * default true. It never delays or fails the start.
     */
    public void setVerifyOnStart(boolean verifyOnStart) {
        this.verifyOnStart = verifyOnStart;
    }

    public boolean isVerifyOnStart() {
        return verifyOnStart;
    }

    /** Discriminator keys with their own buffer; the least recently used is dropped beyond. Default 64. */
    public void setMaxDiscriminatorKeys(int maxDiscriminatorKeys) {
        this.maxDiscriminatorKeys = maxDiscriminatorKeys;
    }

    public int getMaxDiscriminatorKeys() {
        return maxDiscriminatorKeys;
    }
}
