package io.github.mailback.spring;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import io.github.mailback.SmtpAppender;
import io.github.mailback.oauth.MicrosoftTokenProvider;
import io.github.mailback.spring.MailbackConfigurationException.Problem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * The appender the starter makes from mailback.* properties, and what a wrong value becomes: every
 * problem of the appender's own check, named by its mailback.* (or spring.mail.*) property.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AppenderFactoryTest {
    private final LoggerContext context = new LoggerContext();

    @Test
    void everyPropertyReachesTheAppender() {
        SmtpAppender a = create(Map.ofEntries(
                Map.entry("mailback.to[0]", "\"Ops, EMEA\" <ops@example.com>, lead@example.com"),
                Map.entry("mailback.cc", "cc@example.com"),
                Map.entry("mailback.from", "Orders <orders@example.com>"),
                Map.entry("mailback.smtp-host", "smtp.example.com"),
                Map.entry("mailback.smtp-port", "2525"),
                Map.entry("mailback.tls", "starttls"),
                Map.entry("mailback.username", "alerts@example.com"),
                Map.entry("mailback.password", "secret"),
                Map.entry("mailback.buffer-size", "32"),
                Map.entry("mailback.header[0]", "X-Env: prod"),
                Map.entry("mailback.layout.pattern", "%level %msg%n"),
                Map.entry("mailback.rate-limit", "1/minute"),
                Map.entry("mailback.batch-window", "PT2S"),
                Map.entry("mailback.html", "false"),
                Map.entry("mailback.service", "orders")));
        assertAll(
                () -> assertEquals(List.of("\"Ops, EMEA\" <ops@example.com>, lead@example.com"), a.getToAsListOfString()),
                () -> assertEquals(List.of("cc@example.com"), a.getCc()),
                () -> assertEquals("smtp.example.com", a.getSmtpHost()),
                () -> assertEquals(2525, a.getSmtpPort()),
                () -> assertTrue(a.isSTARTTLS() && !a.isSSL()),
                () -> assertEquals("secret", a.getPassword()),
                () -> assertEquals(32, a.getCyclicBufferTracker().getBufferSize()),
                () -> assertEquals(List.of("X-Env: prod"), a.getHeaders()),
                () -> assertEquals("1/minute", a.getRateLimit()),
                () -> assertEquals("PT2S", a.getBatchWindow()),
                () -> assertEquals(false, a.isHtml()),
                () -> assertEquals("orders", a.getService()),
                () -> assertEquals("mailback", a.getName()),
                () -> assertEquals(List.of(), a.checkConfiguration()));
    }

    @Test
    void theSpoolPropertiesReachTheAppenderAndAnUncleanExitIsReportedUnlessTurnedOff(@TempDir Path spool) {
        Map<String, String> properties = Map.of(
                "mailback.to", "oncall@example.com",
                "mailback.smtp-host", "127.0.0.1",
                "mailback.spool-dir", spool.toString(),
                "mailback.max-spool-size", "50MB",
                "mailback.spool-fsync", "true");
        SmtpAppender a = create(properties);
        Map<String, String> off = new java.util.HashMap<>(properties);
        off.put("mailback.report-unclean-exit", "false");
        assertAll(
                () -> assertEquals(spool.toString(), a.getSpoolDir()),
                () -> assertEquals("50MB", a.getMaxSpoolSize()),
                () -> assertTrue(a.isSpoolFsync()),
                () -> assertTrue(a.isReportUncleanExit(), "the appender's default with a spool"),
                () -> assertEquals(List.of(), a.checkConfiguration()),
                () -> assertFalse(create(off).isReportUncleanExit()),
                () -> assertFalse(create(Map.of("mailback.to", "oncall@example.com", "mailback.smtp-host", "127.0.0.1"))
                        .isReportUncleanExit(), "no spool, no report"));
    }

    @Test
    void theRedactionPropertiesReachTheAppender() {
        SmtpAppender a = create(Map.of(
                "mailback.to", "oncall@example.com",
                "mailback.smtp-host", "127.0.0.1",
                "mailback.redact-secrets", "false",
                "mailback.redact-keys", "ssn, member secret",
                "mailback.redact-pattern", "INTERNAL-[0-9]{4,6}",
                "mailback.redact-rules-off", "iban",
                "mailback.redact-rules-on", "email, ip-address",
                "mailback.minimal-content", "true"));
        assertAll(
                () -> assertFalse(a.isRedactSecrets()),
                () -> assertEquals("ssn, member secret", a.getRedactKeys()),
                () -> assertEquals(List.of("INTERNAL-[0-9]{4,6}"), a.getRedactPatterns(), "a comma is no separator"),
                () -> assertEquals("iban", a.getRedactRulesOff()),
                () -> assertEquals("email, ip-address", a.getRedactRulesOn()),
                () -> assertTrue(a.isMinimalContent()),
                () -> assertEquals(List.of(), a.checkConfiguration()),
                () -> assertEquals(List.of("a{1,2}", "b"), create(Map.of("mailback.to", "oncall@example.com",
                        "mailback.smtp-host", "127.0.0.1", "mailback.redact-pattern[0]", "a{1,2}",
                        "mailback.redact-pattern[1]", "b")).getRedactPatterns()),
                () -> assertTrue(create(Map.of("mailback.to", "oncall@example.com", "mailback.smtp-host", "127.0.0.1"))
                        .isRedactSecrets(), "on unless turned off"));
    }

    @Test
    void aRedactionPatternThatDoesNotCompileIsReportedByItsMailbackProperty() {
        MailbackConfigurationException e = assertThrows(MailbackConfigurationException.class, () -> create(Map.of(
                "mailback.to", "oncall@example.com",
                "mailback.smtp-host", "127.0.0.1",
                "mailback.redact-pattern", "INTERNAL-(",
                "mailback.redact-rules-off", "no-such-rule")));
        assertEquals(List.of("mailback.redact-pattern", "mailback.redact-rules-off"),
                byProperty(e).keySet().stream().toList(), e.getProblems().toString());
    }

    @Test
    void printStatusReachesTheAppenderAndAWrongValueIsReported() {
        SmtpAppender a = create(Map.of("mailback.to", "oncall@example.com", "mailback.smtp-host", "127.0.0.1",
                "mailback.print-status", "off"));
        MailbackConfigurationException e = assertThrows(MailbackConfigurationException.class, () -> create(Map.of(
                "mailback.to", "oncall@example.com", "mailback.smtp-host", "127.0.0.1", "mailback.print-status", "loud")));
        Problem wrong = byProperty(e).get("mailback.print-status");
        assertAll(
                () -> assertEquals("off", a.getPrintStatus()),
                () -> assertEquals("loud", wrong.value(), e.getProblems().toString()),
                () -> assertTrue(wrong.reason().contains("auto or off"), wrong.reason()));
    }

    @Test
    void theOauth2ProviderIsMadeFromItsFields() {
        SmtpAppender a = create(Map.of(
                "mailback.to", "oncall@example.com",
                "mailback.smtp-host", "smtp.office365.com",
                "mailback.tls", "starttls",
                "mailback.username", "alerts@contoso.com",
                "mailback.oauth2.provider", "microsoft",
                "mailback.oauth2.tenant", "contoso.onmicrosoft.com",
                "mailback.oauth2.client-id", "id",
                "mailback.oauth2.client-secret", "secret",
                "mailback.oauth2.client-authentication", "client_secret_basic"));
        assertAll(
                () -> assertInstanceOf(MicrosoftTokenProvider.class, a.getOauth2()),
                () -> assertEquals("client_secret_basic", ((MicrosoftTokenProvider) a.getOauth2()).getClientAuthentication()));
    }

    @Test
    void aWrongClientAuthenticationIsReported() {
        MailbackConfigurationException e = assertThrows(MailbackConfigurationException.class, () -> create(Map.of(
                "mailback.to", "oncall@example.com",
                "mailback.smtp-host", "smtp.example.com",
                "mailback.tls", "starttls",
                "mailback.username", "alerts@example.com",
                "mailback.oauth2.provider", "client-credentials",
                "mailback.oauth2.token-uri", "https://login.example.com/token",
                "mailback.oauth2.client-id", "id",
                "mailback.oauth2.client-secret", "very-secret",
                "mailback.oauth2.client-authentication", "client_secret_jwt")));
        assertTrue(e.getMessage().contains("client_secret_post or client_secret_basic: client_secret_jwt")
                && !e.getMessage().contains("very-secret"), e.getProblems().toString());
    }

    @Test
    void everyWrongValueIsReportedByItsMailbackProperty() {
        MailbackConfigurationException e = assertThrows(MailbackConfigurationException.class, () -> create(Map.of(
                "mailback.to", "oncall@example.com",
                "mailback.smtp-host", "smtp.example.com",
                "mailback.rate-limit", "banana",
                "mailback.batch-window", "soon",
                "mailback.burst", "0")));
        Map<String, Problem> byProperty = byProperty(e);
        Problem rate = byProperty.get("mailback.rate-limit");
        assertAll(
                () -> assertEquals(List.of("mailback.batch-window", "mailback.burst", "mailback.rate-limit"),
                        byProperty.keySet().stream().sorted().toList()),
                () -> assertEquals("banana", rate.value()),
                () -> assertTrue(rate.reason().startsWith("mailback.rate-limit is wrong: ") && rate.reason().contains("such as 12/hour"),
                        rate.reason()),
                () -> assertEquals("origin of mailback.rate-limit", rate.origin()),
                () -> assertTrue(byProperty.get("mailback.batch-window").reason().contains("such as 5 seconds"),
                        byProperty.get("mailback.batch-window").reason()));
    }

    @Test
    void aValueTakenFromSpringMailIsReportedThere() {
        MailbackConfigurationException e = assertThrows(MailbackConfigurationException.class, () -> create(Map.of(
                "mailback.to", "oncall@example.com",
                "spring.mail.host", "smtp.example.com",
                "spring.mail.port", "70000",
                "spring.mail.username", "app@example.com",
                "spring.mail.password", "secret")));
        Problem port = byProperty(e).get("spring.mail.port");
        assertAll(
                () -> assertEquals("70000", port.value()),
                () -> assertEquals("origin of spring.mail.port", port.origin()),
                () -> assertTrue(port.reason().contains("mailback.smtp-port takes its value from spring.mail.port"), port.reason()),
                // And the credentials over a clear connection to a server that is not on loopback:
                () -> assertTrue(byProperty(e).containsKey("mailback.tls"), byProperty(e).toString()));
    }

    @Test
    void secretsAreNeverShownInAProblem() {
        MailbackConfigurationException e = assertThrows(MailbackConfigurationException.class, () -> create(Map.of(
                "mailback.to", "oncall@example.com",
                "mailback.smtp-host", "smtp.example.com",
                "mailback.oauth2.provider", "microsoft",
                "mailback.oauth2.tenant", "contoso.onmicrosoft.com",
                "mailback.oauth2.client-id", "id",
                "mailback.oauth2.client-secret", "very-secret",
                "mailback.password", "also-secret")));
        assertAll(
                () -> assertTrue(!e.getMessage().contains("very-secret") && !e.getMessage().contains("also-secret"), e.getMessage()),
                () -> assertTrue(e.getProblems().stream().noneMatch(p -> String.valueOf(p.value()).contains("secret")),
                        e.getProblems().toString()));
    }

    @Test
    void anOauth2FieldTheProviderDoesNotReadIsAMistake() {
        MailbackConfigurationException e = assertThrows(MailbackConfigurationException.class, () -> create(Map.of(
                "mailback.to", "oncall@example.com",
                "mailback.smtp-host", "smtp.gmail.com",
                "mailback.tls", "starttls",
                "mailback.username", "alerts@example.com",
                "mailback.oauth2.provider", "google",
                "mailback.oauth2.key-file", "/nonexistent/key.json",
                "mailback.oauth2.tenant", "contoso")));
        Problem tenant = byProperty(e).get("mailback.oauth2.tenant");
        assertAll(
                () -> assertTrue(tenant.reason().contains("not a field of the google provider, which reads key-file, subject, scope"),
                        tenant.reason()),
                () -> assertTrue(byProperty(e).containsKey("mailback.oauth2.provider"), "the unreadable key file: " + e.getProblems()));
    }

    @Test
    void anUnknownSslBundleIsAMistake() {
        MailbackConfigurationException e = assertThrows(MailbackConfigurationException.class, () -> create(Map.of(
                "mailback.to", "oncall@example.com",
                "mailback.smtp-host", "smtp.example.com",
                "mailback.ssl.bundle", "mail")));
        assertTrue(byProperty(e).get("mailback.ssl.bundle").reason().contains("spring.ssl.bundle.pem.mail"), e.getMessage());
    }

    @Test
    void theFailureAnalysisSaysPropertyValueOriginAndReason() {
        MailbackConfigurationException e = new MailbackConfigurationException(List.of(
                new Problem("mailback.rate-limit", "banana", "class path resource [application.properties] - 3:21",
                        "mailback.rate-limit is wrong: rate limit 'banana' is not N/unit such as 12/hour")));
        FailureAnalysis analysis = new MailbackFailureAnalyzer().analyze(new IllegalStateException(e));
        assertAll(
                () -> assertTrue(analysis.getDescription().contains("\n    Property: mailback.rate-limit\n    Value: \"banana\"\n"
                        + "    Origin: class path resource [application.properties] - 3:21\n"
                        + "    Reason: mailback.rate-limit is wrong: rate limit 'banana' is not N/unit such as 12/hour\n"),
                        analysis.getDescription()),
                () -> assertTrue(analysis.getAction().contains("mailback.enabled=false"), analysis.getAction()));
    }

    @Test
    void theAppendersMessagesNameTheMailbackProperties() {
        assertAll(
                () -> assertEquals("mailback.buffer-size must be at least 1: 0",
                        AppenderFactory.rename("the cyclicBufferTracker bufferSize property must be at least 1: 0")),
                () -> assertEquals("mailback.username is set but mailback.password is not",
                        AppenderFactory.rename("the username property is set but the password property is not")),
                () -> assertEquals("the frobnicate property stays", AppenderFactory.rename("the frobnicate property stays")));
    }

    @Test
    void noProblemWithoutAValue() {
        MailbackConfigurationException e = assertThrows(MailbackConfigurationException.class, () -> create(Map.of(
                "mailback.to", "oncall@example.com")));
        Problem host = byProperty(e).get("mailback.smtp-host");
        assertNull(host.value());
    }

    private SmtpAppender create(Map<String, String> properties) {
        var binder = ResolvedPropertiesTest.binder(properties);
        ResolvedProperties resolved = ResolvedProperties.resolve(binder, null);
        return new AppenderFactory(binder, new DefaultResourceLoader(), name -> "origin of " + name).create(resolved, context);
    }

    private static Map<String, Problem> byProperty(MailbackConfigurationException e) {
        Map<String, Problem> m = new java.util.TreeMap<>();
        e.getProblems().forEach(p -> m.put(p.property(), p));
        return m;
    }
}
