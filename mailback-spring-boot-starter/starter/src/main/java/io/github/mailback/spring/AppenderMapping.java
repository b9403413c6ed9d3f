package io.github.mailback.spring;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.spi.CyclicBufferTracker;
import io.github.mailback.SmtpAppender;
import io.github.mailback.smtp.TlsMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Every property of {@link SmtpAppender} with the {@code mailback.*} property that sets it, or the reason
 * it has none. One table serves four readers: the starter applies it, the endpoint shows the effective
 * settings from it, the failure analyzer names a wrong appender property by its {@code mailback.*}
 * form, and a test checks that no setter of the appender (nor of the OAuth 2.0 providers) is left out.
 *
 * <p>A new appender property is one line here (and a field of {@link MailbackProperties}, and a row of
 * the README's table).
 */
final class AppenderMapping {

    /**
     * One {@code mailback.*} property (without the prefix) and the appender properties it sets: its
     * value (for the effective settings and to compare two configurations) and how it is applied.
     */
    record Entry(String property, List<String> appenderProperties, boolean secret,
            Function<MailbackProperties, Object> value, Setter setter) {
    }

    /** Applies one property to the appender; what cannot be applied goes to {@code problems}. */
    @FunctionalInterface
    interface Setter {
        void apply(SmtpAppender appender, MailbackProperties properties, Resources resources);
    }

    /** What a setter may need besides the properties: Spring's SSL bundles, and where to report. */
    interface Resources {
        /** The bundle's trust material as the appender's {@code ssl}, or empty after reporting a problem. */
        Optional<SslBundleConfiguration> sslBundle(String name);

        void problem(String property, String message);
    }

    /** What the endpoint and the messages show instead of a secret. */
    static final String MASK = "******";

    static final List<Entry> ENTRIES = List.of(
            each("to", "to", MailbackProperties::getTo, SmtpAppender::addTo),
            each("cc", "cc", MailbackProperties::getCc, SmtpAppender::addCc),
            each("bcc", "bcc", MailbackProperties::getBcc, SmtpAppender::addBcc),
            map("from", "from", MailbackProperties::getFrom, SmtpAppender::setFrom),
            map("replyTo", "reply-to", MailbackProperties::getReplyTo, SmtpAppender::setReplyTo),
            map("subject", "subject", MailbackProperties::getSubject, SmtpAppender::setSubject),
            entry("smtp-host", List.of("smtpHost", "SMTPHost"), false, MailbackProperties::getSmtpHost,
                    (a, p, r) -> ifSet(p.getSmtpHost(), a::setSmtpHost)),
            entry("smtp-port", List.of("smtpPort", "SMTPPort"), false, MailbackProperties::getSmtpPort,
                    (a, p, r) -> ifSet(p.getSmtpPort(), a::setSmtpPort)),
            entry("tls", List.of("STARTTLS", "SSL"), false, MailbackProperties::getTls, (a, p, r) -> {
                if (p.getTls() != null) {
                    a.setSTARTTLS(p.getTls() == TlsMode.STARTTLS);
                    a.setSSL(p.getTls() == TlsMode.SMTPS);
                }
            }),
            map("username", "username", MailbackProperties::getUsername, SmtpAppender::setUsername),
            secret("password", "password", MailbackProperties::getPassword, SmtpAppender::setPassword),
            map("localhost", "localhost", MailbackProperties::getLocalhost, SmtpAppender::setLocalhost),
            map("charsetEncoding", "charset-encoding", MailbackProperties::getCharsetEncoding,
                    SmtpAppender::setCharsetEncoding),
            entry("ssl.bundle", List.of("ssl"), false, p -> p.getSsl().getBundle(), (a, p, r) -> {
                if (p.getSsl().getBundle() != null) {
                    r.sslBundle(p.getSsl().getBundle()).ifPresent(a::setSsl);
                }
            }),
            entry("oauth2.provider", List.of("oauth2"), false, p -> p.getOauth2().getProvider(), (a, p, r) -> {
                Oauth2Provider provider = p.getOauth2().getProvider();
                Map<String, Object> set = oauth2Values(p.getOauth2());
                if (provider == null) {
                    if (!set.isEmpty()) {
                        r.problem("oauth2.provider", "mailback.oauth2." + set.keySet().iterator().next()
                                + " is set but mailback.oauth2.provider is not: set it to microsoft, google or client-credentials");
                    }
                    return;
                }
                for (String field : set.keySet()) {
                    if (!provider.fields.contains(field)) {
                        r.problem("oauth2." + field, "mailback.oauth2." + field + " is not a field of the "
                                + provider.propertyValue() + " provider, which reads " + String.join(", ", provider.fields));
                    }
                }
                a.setOauth2(provider.create(p.getOauth2()));
            }),
            entry("layout.pattern", List.of("layout"), false, p -> p.getLayout().getPattern(), (a, p, r) -> {
                if (p.getLayout().getPattern() != null) {
                    PatternLayout layout = new PatternLayout();
                    layout.setContext(a.getContext());
                    layout.setPattern(p.getLayout().getPattern());
                    a.setLayout(layout);
                }
            }),
            entry("buffer-size", List.of("cyclicBufferTracker"), false, MailbackProperties::getBufferSize, (a, p, r) -> {
                if (p.getBufferSize() != null) {
                    CyclicBufferTracker<ILoggingEvent> tracker = new CyclicBufferTracker<>();
                    tracker.setBufferSize(p.getBufferSize());
                    a.setCyclicBufferTracker(tracker);
                }
            }),
            each("header", "header", MailbackProperties::getHeader, SmtpAppender::addHeader),
            map("rateLimit", "rate-limit", MailbackProperties::getRateLimit, SmtpAppender::setRateLimit),
            map("burst", "burst", MailbackProperties::getBurst, SmtpAppender::setBurst),
            map("batchWindow", "batch-window", MailbackProperties::getBatchWindow, SmtpAppender::setBatchWindow),
            map("repeatInterval", "repeat-interval", MailbackProperties::getRepeatInterval, SmtpAppender::setRepeatInterval),
            map("maxRepeatInterval", "max-repeat-interval", MailbackProperties::getMaxRepeatInterval,
                    SmtpAppender::setMaxRepeatInterval),
            map("growthFactor", "growth-factor", MailbackProperties::getGrowthFactor, SmtpAppender::setGrowthFactor),
            map("connectTimeout", "connect-timeout", MailbackProperties::getConnectTimeout, SmtpAppender::setConnectTimeout),
            map("timeout", "timeout", MailbackProperties::getTimeout, SmtpAppender::setTimeout),
            map("retryFor", "retry-for", MailbackProperties::getRetryFor, SmtpAppender::setRetryFor),
            map("shutdownTimeout", "shutdown-timeout", MailbackProperties::getShutdownTimeout,
                    SmtpAppender::setShutdownTimeout),
            map("html", "html", MailbackProperties::getHtml, SmtpAppender::setHtml),
            map("includeCallerData", "include-caller-data", MailbackProperties::getIncludeCallerData,
                    SmtpAppender::setIncludeCallerData),
            map("registerShutdownHook", "register-shutdown-hook", MailbackProperties::getRegisterShutdownHook,
                    SmtpAppender::setRegisterShutdownHook),
            map("verifyOnStart", "verify-on-start", MailbackProperties::getVerifyOnStart, SmtpAppender::setVerifyOnStart),
            map("maxGroups", "max-groups", MailbackProperties::getMaxGroups, SmtpAppender::setMaxGroups),
            map("inboxSize", "inbox-size", MailbackProperties::getInboxSize, SmtpAppender::setInboxSize),
            map("maxDiscriminatorKeys", "max-discriminator-keys", MailbackProperties::getMaxDiscriminatorKeys,
                    SmtpAppender::setMaxDiscriminatorKeys),
            map("appPackages", "app-packages", MailbackProperties::getAppPackages, SmtpAppender::setAppPackages),
            map("service", "service", MailbackProperties::getService, SmtpAppender::setService),
            map("spoolDir", "spool-dir", MailbackProperties::getSpoolDir, SmtpAppender::setSpoolDir),
            map("maxSpoolSize", "max-spool-size", MailbackProperties::getMaxSpoolSize, SmtpAppender::setMaxSpoolSize),
            map("spoolFsync", "spool-fsync", MailbackProperties::getSpoolFsync, SmtpAppender::setSpoolFsync),
            map("reportUncleanExit", "report-unclean-exit", MailbackProperties::getReportUncleanExit,
                    SmtpAppender::setReportUncleanExit),
            map("redactSecrets", "redact-secrets", MailbackProperties::getRedactSecrets, SmtpAppender::setRedactSecrets),
            map("redactKeys", "redact-keys", MailbackProperties::getRedactKeys, SmtpAppender::setRedactKeys),
            each("redactPattern", "redact-pattern", MailbackProperties::getRedactPattern, SmtpAppender::addRedactPattern),
            map("redactRulesOff", "redact-rules-off", MailbackProperties::getRedactRulesOff, SmtpAppender::setRedactRulesOff),
            map("redactRulesOn", "redact-rules-on", MailbackProperties::getRedactRulesOn, SmtpAppender::setRedactRulesOn),
            map("minimalContent", "minimal-content", MailbackProperties::getMinimalContent, SmtpAppender::setMinimalContent),
            map("printStatus", "print-status", MailbackProperties::getPrintStatus, SmtpAppender::setPrintStatus));

    /**
     * The appender properties without a {@code mailback.*} form, and why: declare the appender in
     * logback-spring.xml to use them.
     */
    static final Map<String, String> XML_ONLY = orderedMap(
            "evaluator", "an object (which events trigger an email): logback-spring.xml only",
            "discriminator", "an object (one buffer per key): logback-spring.xml only",
            "asynchronousSending", "sending is always asynchronous; false is ignored",
            "sessionViaJNDI", "not supported: mailback has no Jakarta Mail session",
            "jndiLocation", "not supported: mailback has no Jakarta Mail session");

    /**
     * One field of {@code mailback.oauth2} (without the prefix) and the token providers' property (their
     * setter) it sets; {@link Oauth2Provider} says which provider reads which.
     */
    record Oauth2Field(String field, String providerProperty, boolean secret,
            Function<MailbackProperties.Oauth2, String> value) {
    }

    static final List<Oauth2Field> OAUTH2_FIELDS = List.of(
            new Oauth2Field("tenant", "tenant", false, MailbackProperties.Oauth2::getTenant),
            new Oauth2Field("client-id", "clientId", false, MailbackProperties.Oauth2::getClientId),
            new Oauth2Field("client-secret", "clientSecret", true, MailbackProperties.Oauth2::getClientSecret),
            new Oauth2Field("client-authentication", "clientAuthentication", false,
                    MailbackProperties.Oauth2::getClientAuthentication),
            new Oauth2Field("scope", "scope", false, MailbackProperties.Oauth2::getScope),
            new Oauth2Field("token-uri", "tokenUri", false, MailbackProperties.Oauth2::getTokenUri),
            new Oauth2Field("key-file", "keyFile", false, MailbackProperties.Oauth2::getKeyFile),
            new Oauth2Field("subject", "subject", false, MailbackProperties.Oauth2::getSubject));

    private AppenderMapping() {
    }

    /** The entry that sets this appender property (as a {@link io.github.mailback.ConfigurationProblem} names it). */
    static Optional<Entry> forAppenderProperty(String appenderProperty) {
        return ENTRIES.stream().filter(e -> e.appenderProperties().contains(appenderProperty)).findFirst();
    }

    /** Each property's value, in the table's order, the OAuth 2.0 fields after the provider; unset ones left out. */
    static Map<String, Object> values(MailbackProperties p) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Entry e : ENTRIES) {
            Object v = e.value().apply(p);
            if (v != null && !(v instanceof List<?> l && l.isEmpty())) {
                values.put(e.property(), v);
            }
            if (e.property().equals("oauth2.provider")) {
                oauth2Values(p.getOauth2()).forEach((field, value) -> values.put("oauth2." + field, value));
            }
        }
        return values;
    }

    /** True for the properties whose values are never shown: the password, the client secret. */
    static boolean isSecret(String property) {
        return ENTRIES.stream().anyMatch(e -> e.secret() && e.property().equals(property))
                || OAUTH2_FIELDS.stream().anyMatch(f -> f.secret() && property.equals("oauth2." + f.field()));
    }

    private static <T> Entry map(String appenderProperty, String property, Function<MailbackProperties, T> get,
            BiConsumer<SmtpAppender, T> set) {
        return entry(property, List.of(appenderProperty), false, get::apply, (a, p, r) -> ifSet(get.apply(p), v -> set.accept(a, v)));
    }

    private static Entry secret(String appenderProperty, String property, Function<MailbackProperties, String> get,
            BiConsumer<SmtpAppender, String> set) {
        return entry(property, List.of(appenderProperty), true, get::apply, (a, p, r) -> ifSet(get.apply(p), v -> set.accept(a, v)));
    }

    private static Entry each(String appenderProperty, String property, Function<MailbackProperties, List<String>> get,
            BiConsumer<SmtpAppender, String> add) {
        return entry(property, List.of(appenderProperty), false, get::apply, (a, p, r) -> {
            for (String v : get.apply(p)) {
                add.accept(a, v);
            }
        });
    }

    private static Entry entry(String property, List<String> appenderProperties, boolean secret,
            Function<MailbackProperties, Object> value, Setter setter) {
        return new Entry(property, appenderProperties, secret, value, setter);
    }

    private static <T> void ifSet(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** The {@code mailback.oauth2.*} fields that are set, by field name without the prefix, in the table's order. */
    static Map<String, Object> oauth2Values(MailbackProperties.Oauth2 o) {
        Map<String, Object> set = new LinkedHashMap<>();
        for (Oauth2Field f : OAUTH2_FIELDS) {
            String v = f.value().apply(o);
            if (v != null) {
                set.put(f.field(), v);
            }
        }
        return set;
    }
}
