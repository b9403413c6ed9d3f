package io.github.mailback.spring;

import io.github.mailback.smtp.TlsMode;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.Delimiter;

/**
 * The {@code mailback.*} properties: the appender's properties in kebab case. Each field's comment is
 * its description in the configuration metadata that IDEs show. A value left unset keeps the
 * appender's default, or for the server and credentials the application's {@code spring.mail.*}.
 * {@link AppenderMapping} says which appender property each one sets.
 */
@ConfigurationProperties(prefix = "mailback")
public class MailbackProperties {

    /**
     * Whether the starter mails the application's errors. Set it to false in a profile's properties
     * (application-dev.properties) to turn mailback off there.
     */
    private boolean enabled = true;

    /**
     * Recipients, comma-separated or as a list (mailback.to[0]). Display names allowed; an item with a
     * conversion word is a pattern evaluated on the triggering event (%X{team:-ops}@example.com). Without
     * any, the starter stays inactive.
     */
    private List<String> to = new ArrayList<>();

    /** Copy recipients. */
    private List<String> cc = new ArrayList<>();

    /** Blind-copy recipients: in the envelope only, never in a header. */
    private List<String> bcc = new ArrayList<>();

    /** The sender, 'Name <address>' or 'address'. Default: user.name@host. */
    private String from;

    /** Reply-To addresses. */
    private String replyTo;

    /**
     * The subject pattern, applied to the email's main event. Default: '%headline on %service' (what
     * broke, where, and in which service).
     */
    private String subject;

    /**
     * The SMTP server, or a comma list of host or host:port tried in order (failover). Default:
     * spring.mail.host.
     */
    private String smtpHost;

    /** The server's port. Default: spring.mail.port, else 25, 587 with STARTTLS, 465 with SMTPS. */
    private Integer smtpPort;

    /**
     * How the connection is protected: none, starttls (required: never falls back to clear text) or
     * smtps (TLS from the first byte). Default: from spring.mail.protocol, spring.mail.ssl.enabled and
     * spring.mail.properties (mail.smtp.starttls.enable, mail.smtp.ssl.enable), else none.
     */
    private TlsMode tls;

    /** The user for AUTH, or the mailbox for OAuth 2.0. Default: spring.mail.username. */
    private String username;

    /** The password for AUTH. Default: spring.mail.password (not with mailback.oauth2). */
    private String password;

    /** The name this host gives in EHLO. Default: its fully qualified name, else its address. */
    private String localhost;

    /** Checked to name a known charset; emails are always UTF-8. */
    private String charsetEncoding;

    /** The trust material to verify the server with. */
    private final Ssl ssl = new Ssl();

    /** AUTH XOAUTH2 with OAuth 2.0 tokens instead of a password. */
    private final Oauth2 oauth2 = new Oauth2();

    /** The layout of the events in the email's text part. */
    private final Layout layout = new Layout();

    /** Header fields added to every email, each 'Name: pattern' (mailback.header[0]=X-Env: prod). */
    private List<String> header = new ArrayList<>();

    /** How many recent events an email shows as context, the trigger included. Default: 256. */
    private Integer bufferSize;

    /** The most emails per unit, like 12/hour (units second, minute, hour, day). Default: 12/hour. */
    private String rateLimit;

    /** Emails allowed back to back before the rate limit applies. Default: 5. */
    private Integer burst;

    /**
     * How long the first email of a new error waits for others to join it (10s, PT10S, 10 seconds).
     * Default: 5 seconds.
     */
    private String batchWindow;

    /**
     * When an error already mailed may be mailed again with its new count; doubles with each repeat.
     * Default: 10 minutes.
     */
    private String repeatInterval;

    /** The cap of the repeat interval's doubling. Default: 4 hours. */
    private String maxRepeatInterval;

    /** An error is mailed again sooner when its count grew this many times. Default: 10. */
    private Integer growthFactor;

    /** TCP connect timeout. Default: 5 seconds. */
    private String connectTimeout;

    /** Timeout for each server reply; a whole message gets three times this. Default: 10 seconds. */
    private String timeout;

    /**
     * How long connection failures and 4xx replies are retried, with back-off. Default: 10 minutes.
     */
    private String retryFor;

    /**
     * The most the final digest may take when the application stops, and the most the JVM shutdown hook
     * waits. Default: 10 seconds.
     */
    private String shutdownTimeout;

    /** Whether emails have an HTML part next to the text part. Default: true. */
    private Boolean html;

    /** Whether to capture caller data (class, method, line) on the logging thread. Default: false. */
    private Boolean includeCallerData;

    /**
     * Whether a JVM shutdown hook sends what is pending when the JVM exits without stopping Logback.
     * Default: true.
     */
    private Boolean registerShutdownHook;

    /**
     * Whether to connect, start TLS and authenticate right after start, in the background, and report
     * the outcome (and the health contributor's first state). Default: true.
     */
    private Boolean verifyOnStart;

    /** Distinct errors kept in detail per digest; more are counted. Default: 50. */
    private Integer maxGroups;

    /** Triggering events waiting for the sender thread; more are counted. Default: 1000. */
    private Integer inboxSize;

    /** Buffers kept, one per discriminator key. Default: 64. */
    private Integer maxDiscriminatorKeys;

    /**
     * The packages whose stack frames are the application's, a comma list of prefixes. Default: the
     * package of the @SpringBootApplication class.
     */
    private String appPackages;

    /** The service's name in subjects (%service) and thread ids. Default: spring.application.name. */
    private String service;

    /**
     * A directory where the sender keeps what it holds, so that a crash, a SIGKILL or an OOM kill loses no
     * alert and a crash loop does not mail once per start (/var/lib/orders/mailback; on Kubernetes a
     * volume). One per application, not java.io.tmpdir. Default: none, everything is in memory.
     */
    private String spoolDir;

    /** The most the spool may take on disk, like 10MB or 512 KB (at least 64 KB). Default: 10 MB. */
    private String maxSpoolSize;

    /** Whether each spool write is forced to the disk, for power loss. Default: false. */
    private Boolean spoolFsync;

    /**
     * Whether the next start reports a run that ended without a clean stop (killed, out of memory).
     * Default: true when mailback.spool-dir is set.
     */
    private Boolean reportUncleanExit;

    /**
     * Whether secrets (passwords and tokens under their keys, Authorization values, JWTs, passwords in
     * URLs, private keys, card numbers...) are replaced in what the appender mails and prints by markers
     * naming the rule, such as password=[redacted:password]. Default: true.
     */
    private Boolean redactSecrets;

    /** More key names whose values are secrets, a comma list compared word by word: ssn, member secret. */
    private String redactKeys;

    /**
     * Java regular expressions whose matches (or first groups) are secrets, one per item
     * (mailback.redact-pattern[0]=INTERNAL-[0-9]{6}): a comma is part of the pattern, never a separator.
     */
    @Delimiter(Delimiter.NONE)
    private List<String> redactPattern = new ArrayList<>();

    /** Built-in redaction rules turned off, a comma list of their names: iban, card-number. */
    private String redactRulesOff;

    /** Redaction rules that are off unless turned on, a comma list: email, ip-address. */
    private String redactRulesOn;

    /**
     * Whether emails carry no log text at all: only exception classes, the application's frames, logger
     * names, levels, counts and times. Default: false.
     */
    private Boolean minimalContent;

    /**
     * auto: the appender prints its own warnings and errors on standard error when the Logback context
     * has no status listener (Spring Boot's shows them already); off: never. Default: auto.
     */
    private String printStatus;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<String> getTo() {
        return to;
    }

    public void setTo(List<String> to) {
        this.to = to;
    }

    public List<String> getCc() {
        return cc;
    }

    public void setCc(List<String> cc) {
        this.cc = cc;
    }

    public List<String> getBcc() {
        return bcc;
    }

    public void setBcc(List<String> bcc) {
        this.bcc = bcc;
    }

    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from;
    }

    public String getReplyTo() {
        return replyTo;
    }

    public void setReplyTo(String replyTo) {
        this.replyTo = replyTo;
    }

    public String getSubject() {
        return subject;
    }

    public void setSubject(String subject) {
        this.subject = subject;
    }

    public String getSmtpHost() {
        return smtpHost;
    }

    public void setSmtpHost(String smtpHost) {
        this.smtpHost = smtpHost;
    }

    public Integer getSmtpPort() {
        return smtpPort;
    }

    public void setSmtpPort(Integer smtpPort) {
        this.smtpPort = smtpPort;
    }

    public TlsMode getTls() {
        return tls;
    }

    public void setTls(TlsMode tls) {
        this.tls = tls;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getLocalhost() {
        return localhost;
    }

    public void setLocalhost(String localhost) {
        this.localhost = localhost;
    }

    public String getCharsetEncoding() {
        return charsetEncoding;
    }

    public void setCharsetEncoding(String charsetEncoding) {
        this.charsetEncoding = charsetEncoding;
    }

    public Ssl getSsl() {
        return ssl;
    }

    public Oauth2 getOauth2() {
        return oauth2;
    }

    public Layout getLayout() {
        return layout;
    }

    public List<String> getHeader() {
        return header;
    }

    public void setHeader(List<String> header) {
        this.header = header;
    }

    public Integer getBufferSize() {
        return bufferSize;
    }

    public void setBufferSize(Integer bufferSize) {
        this.bufferSize = bufferSize;
    }

    public String getRateLimit() {
        return rateLimit;
    }

    public void setRateLimit(String rateLimit) {
        this.rateLimit = rateLimit;
    }

    public Integer getBurst() {
        return burst;
    }

    public void setBurst(Integer burst) {
        this.burst = burst;
    }

    public String getBatchWindow() {
        return batchWindow;
    }

    public void setBatchWindow(String batchWindow) {
        this.batchWindow = batchWindow;
    }

    public String getRepeatInterval() {
        return repeatInterval;
    }

    public void setRepeatInterval(String repeatInterval) {
        this.repeatInterval = repeatInterval;
    }

    public String getMaxRepeatInterval() {
        return maxRepeatInterval;
    }

    public void setMaxRepeatInterval(String maxRepeatInterval) {
        this.maxRepeatInterval = maxRepeatInterval;
    }

    public Integer getGrowthFactor() {
        return growthFactor;
    }

    public void setGrowthFactor(Integer growthFactor) {
        this.growthFactor = growthFactor;
    }

    public String getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(String connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public String getTimeout() {
        return timeout;
    }

    public void setTimeout(String timeout) {
        this.timeout = timeout;
    }

    public String getRetryFor() {
        return retryFor;
    }

    public void setRetryFor(String retryFor) {
        this.retryFor = retryFor;
    }

    public String getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(String shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public Boolean getHtml() {
        return html;
    }

    public void setHtml(Boolean html) {
        this.html = html;
    }

    public Boolean getIncludeCallerData() {
        return includeCallerData;
    }

    public void setIncludeCallerData(Boolean includeCallerData) {
        this.includeCallerData = includeCallerData;
    }

    public Boolean getRegisterShutdownHook() {
        return registerShutdownHook;
    }

    public void setRegisterShutdownHook(Boolean registerShutdownHook) {
        this.registerShutdownHook = registerShutdownHook;
    }

    public Boolean getVerifyOnStart() {
        return verifyOnStart;
    }

    public void setVerifyOnStart(Boolean verifyOnStart) {
        this.verifyOnStart = verifyOnStart;
    }

    public Integer getMaxGroups() {
        return maxGroups;
    }

    public void setMaxGroups(Integer maxGroups) {
        this.maxGroups = maxGroups;
    }

    public Integer getInboxSize() {
        return inboxSize;
    }

    public void setInboxSize(Integer inboxSize) {
        this.inboxSize = inboxSize;
    }

    public Integer getMaxDiscriminatorKeys() {
        return maxDiscriminatorKeys;
    }

    public void setMaxDiscriminatorKeys(Integer maxDiscriminatorKeys) {
        this.maxDiscriminatorKeys = maxDiscriminatorKeys;
    }

    public String getAppPackages() {
        return appPackages;
    }

    public void setAppPackages(String appPackages) {
        this.appPackages = appPackages;
    }

    public String getService() {
        return service;
    }

    public void setService(String service) {
        this.service = service;
    }

    public String getSpoolDir() {
        return spoolDir;
    }

    public void setSpoolDir(String spoolDir) {
        this.spoolDir = spoolDir;
    }

    public String getMaxSpoolSize() {
        return maxSpoolSize;
    }

    public void setMaxSpoolSize(String maxSpoolSize) {
        this.maxSpoolSize = maxSpoolSize;
    }

    public Boolean getSpoolFsync() {
        return spoolFsync;
    }

    public void setSpoolFsync(Boolean spoolFsync) {
        this.spoolFsync = spoolFsync;
    }

    public Boolean getReportUncleanExit() {
        return reportUncleanExit;
    }

    public void setReportUncleanExit(Boolean reportUncleanExit) {
        this.reportUncleanExit = reportUncleanExit;
    }

    public Boolean getRedactSecrets() {
        return redactSecrets;
    }

    public void setRedactSecrets(Boolean redactSecrets) {
        this.redactSecrets = redactSecrets;
    }

    public String getRedactKeys() {
        return redactKeys;
    }

    public void setRedactKeys(String redactKeys) {
        this.redactKeys = redactKeys;
    }

    public List<String> getRedactPattern() {
        return redactPattern;
    }

    public void setRedactPattern(List<String> redactPattern) {
        this.redactPattern = redactPattern;
    }

    public String getRedactRulesOff() {
        return redactRulesOff;
    }

    public void setRedactRulesOff(String redactRulesOff) {
        this.redactRulesOff = redactRulesOff;
    }

    public String getRedactRulesOn() {
        return redactRulesOn;
    }

    public void setRedactRulesOn(String redactRulesOn) {
        this.redactRulesOn = redactRulesOn;
    }

    public Boolean getMinimalContent() {
        return minimalContent;
    }

    public void setMinimalContent(Boolean minimalContent) {
        this.minimalContent = minimalContent;
    }

    public String getPrintStatus() {
        return printStatus;
    }

    public void setPrintStatus(String printStatus) {
        this.printStatus = printStatus;
    }

    /** {@code mailback.ssl.*}: Spring's SSL bundles rather than Logback's {@code <ssl>} block. */
    public static class Ssl {

        /**
         * The name of a Spring SSL bundle (spring.ssl.bundle.jks.NAME or spring.ssl.bundle.pem.NAME)
         * whose trust material verifies the server. Default: spring.mail.ssl.bundle, else the JDK's
         * trust store. Host names are verified in every case.
         */
        private String bundle;

        public String getBundle() {
            return bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }
    }

    /** {@code mailback.oauth2.*}: one of the built-in token providers and its fields. */
    public static class Oauth2 {

        /**
         * Where tokens come from: microsoft (Entra ID, for Microsoft 365), google (a service account, for
         * Gmail) or client-credentials (any OAuth 2.0 token endpoint). The mailbox is mailback.username.
         */
        private Oauth2Provider provider;

        /** microsoft: the directory (tenant) id, or a domain of the tenant. */
        private String tenant;

        /** microsoft, client-credentials: the application (client) id. */
        private String clientId;

        /** microsoft, client-credentials: the client secret. */
        private String clientSecret;

        /**
         * microsoft, client-credentials: how the client authenticates to the token endpoint:
         * client_secret_post (the id and secret in the form body, as Entra ID expects) or client_secret_basic
         * (in an Authorization: Basic header, as Okta and Hydra expect). Default: client_secret_post.
         */
        private String clientAuthentication;

        /**
         * The scope asked for. Default: https://outlook.office365.com/.default (microsoft),
         * https://mail.google.com/ (google), none (client-credentials).
         */
        private String scope;

        /**
         * microsoft, client-credentials: the token endpoint, https (http only to a loopback address).
         * Default for microsoft: https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token.
         */
        private String tokenUri;

        /** google: the path of the service account's JSON key file, read at each token fetch. */
        private String keyFile;

        /** google: the user to impersonate. Default: mailback.username. */
        private String subject;

        public Oauth2Provider getProvider() {
            return provider;
        }

        public void setProvider(Oauth2Provider provider) {
            this.provider = provider;
        }

        public String getTenant() {
            return tenant;
        }

        public void setTenant(String tenant) {
            this.tenant = tenant;
        }

        public String getClientId() {
            return clientId;
        }

        public void setClientId(String clientId) {
            this.clientId = clientId;
        }

        public String getClientSecret() {
            return clientSecret;
        }

        public void setClientSecret(String clientSecret) {
            this.clientSecret = clientSecret;
        }

        public String getClientAuthentication() {
            return clientAuthentication;
        }

        public void setClientAuthentication(String clientAuthentication) {
            this.clientAuthentication = clientAuthentication;
        }

        public String getScope() {
            return scope;
        }

        public void setScope(String scope) {
            this.scope = scope;
        }

        public String getTokenUri() {
            return tokenUri;
        }

        public void setTokenUri(String tokenUri) {
            this.tokenUri = tokenUri;
        }

        public String getKeyFile() {
            return keyFile;
        }

        public void setKeyFile(String keyFile) {
            this.keyFile = keyFile;
        }

        public String getSubject() {
            return subject;
        }

        public void setSubject(String subject) {
            this.subject = subject;
        }
    }

    /** {@code mailback.layout.*}: the text layout as a pattern; other layouts need logback-spring.xml. */
    public static class Layout {

        /**
         * The PatternLayout pattern of the events in the text part. Default: '%date{yyyy-MM-dd HH:mm:ss.SSS}
         * %-5level [%thread] %logger - %msg%n%ex', whose %ex folds the frames that are not the
         * application's.
         */
        private String pattern;

        public String getPattern() {
            return pattern;
        }

        public void setPattern(String pattern) {
            this.pattern = pattern;
        }
    }
}
