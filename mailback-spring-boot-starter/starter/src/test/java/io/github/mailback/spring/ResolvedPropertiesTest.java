package io.github.mailback.spring;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.mailback.smtp.TlsMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** What the starter takes from spring.mail.* and the application when mailback.* leaves it unset. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ResolvedPropertiesTest {

    @Test
    void anApplicationThatSendsMailWithSpringNeedsOnlyTheRecipients() {
        ResolvedProperties r = resolve(Map.of(
                "mailback.to", "oncall@example.com",
                "spring.mail.host", "smtp.example.com",
                "spring.mail.port", "587",
                "spring.mail.username", "app@example.com",
                "spring.mail.password", "secret",
                "spring.mail.properties.mail.smtp.starttls.enable", "true",
                "spring.mail.ssl.bundle", "mail",
                "spring.application.name", "orders"));
        MailbackProperties p = r.properties;
        assertAll(
                () -> assertEquals(List.of("oncall@example.com"), p.getTo()),
                () -> assertEquals("smtp.example.com", p.getSmtpHost()),
                () -> assertEquals(587, p.getSmtpPort()),
                () -> assertEquals("app@example.com", p.getUsername()),
                () -> assertEquals("secret", p.getPassword()),
                () -> assertEquals(TlsMode.STARTTLS, p.getTls()),
                () -> assertEquals("mail", p.getSsl().getBundle()),
                () -> assertEquals("orders", p.getService()),
                () -> assertEquals("spring.mail.host", r.origin("smtp-host")),
                () -> assertEquals("spring.mail.properties.mail.smtp.starttls.enable", r.origin("tls")),
                () -> assertEquals("spring.application.name", r.origin("service")),
                () -> assertEquals("mailback.to", r.origin("to")));
    }

    @Test
    void implicitTlsComesFromTheProtocolTheSslFlagOrJakartaMailsProperty() {
        assertAll(
                () -> assertEquals(TlsMode.SMTPS, resolve(Map.of("spring.mail.host", "h", "spring.mail.protocol", "smtps")).properties.getTls()),
                () -> assertEquals(TlsMode.SMTPS, resolve(Map.of("spring.mail.host", "h", "spring.mail.ssl.enabled", "true")).properties.getTls()),
                () -> assertEquals(TlsMode.SMTPS, resolve(Map.of("spring.mail.host", "h",
                        "spring.mail.properties.mail.smtp.ssl.enable", "true",
                        "spring.mail.properties.mail.smtp.starttls.enable", "true")).properties.getTls()),
                () -> assertEquals(TlsMode.STARTTLS, resolve(Map.of("spring.mail.host", "h",
                        "spring.mail.properties.mail.smtp.starttls.required", "true")).properties.getTls()),
                () -> assertNull(resolve(Map.of("spring.mail.host", "h")).properties.getTls()));
    }

    @Test
    void mailbackPropertiesWinOverSpringMail() {
        ResolvedProperties r = resolve(Map.of(
                "mailback.tls", "none",
                "mailback.username", "alerts@example.com",
                "spring.mail.host", "smtp.example.com",
                "spring.mail.username", "app@example.com",
                "spring.mail.protocol", "smtps"));
        assertAll(
                () -> assertEquals(TlsMode.NONE, r.properties.getTls()),
                () -> assertEquals("alerts@example.com", r.properties.getUsername()),
                () -> assertEquals("mailback.username", r.origin("username")));
    }

    @Test
    void anotherServerTakesNothingFromSpringMailNotTheCredentials() {
        ResolvedProperties r = resolve(Map.of(
                "mailback.smtp-host", "alerts.example.net",
                "spring.mail.host", "smtp.example.com",
                "spring.mail.port", "2525",
                "spring.mail.username", "app@example.com",
                "spring.mail.password", "secret"));
        assertAll(
                () -> assertEquals("alerts.example.net", r.properties.getSmtpHost()),
                () -> assertNull(r.properties.getSmtpPort()),
                () -> assertNull(r.properties.getUsername()),
                () -> assertNull(r.properties.getPassword()));
    }

    @Test
    void oauth2TakesTheMailboxButNotThePassword() {
        ResolvedProperties r = resolve(Map.of(
                "mailback.oauth2.provider", "client-credentials",
                "spring.mail.host", "smtp.office365.com",
                "spring.mail.username", "alerts@contoso.com",
                "spring.mail.password", "app-password"));
        assertAll(
                () -> assertEquals(Oauth2Provider.CLIENT_CREDENTIALS, r.properties.getOauth2().getProvider()),
                () -> assertEquals("alerts@contoso.com", r.properties.getUsername()),
                () -> assertNull(r.properties.getPassword()));
    }

    @Test
    void appPackagesIsThePackageOfTheSpringBootApplication() {
        ResolvedProperties r = ResolvedProperties.resolve(binder(Map.of()), Application.class);
        ResolvedProperties set = ResolvedProperties.resolve(binder(Map.of("mailback.app-packages", "com.shop")), Application.class);
        assertAll(
                () -> assertEquals("io.github.mailback.spring", r.properties.getAppPackages()),
                () -> assertEquals("the package of Application", r.origin("app-packages")),
                () -> assertEquals("com.shop", set.properties.getAppPackages()));
    }

    @Test
    void listsAndDurationsBindAsSpringWritesThem() {
        ResolvedProperties r = resolve(Map.of(
                "mailback.to", "a@example.com, b@example.com",
                "mailback.header[0]", "X-Env: prod",
                "mailback.header[1]", "X-Team: %X{team}",
                "mailback.batch-window", "PT10S",
                "mailback.timeout", "10s"));
        assertAll(
                () -> assertEquals(List.of("a@example.com", "b@example.com"), r.properties.getTo()),
                () -> assertEquals(List.of("X-Env: prod", "X-Team: %X{team}"), r.properties.getHeader()),
                () -> assertEquals("PT10S", r.properties.getBatchWindow()),
                () -> assertEquals("10s", r.properties.getTimeout()));
    }

    @Test
    void aDisplayNameWithACommaNeedsTheIndexedForm() {
        ResolvedProperties r = resolve(Map.of(
                "mailback.to[0]", "\"Ops, EMEA\" <ops@example.com>",
                "mailback.to[1]", "lead@example.com"));
        assertEquals(List.of("\"Ops, EMEA\" <ops@example.com>", "lead@example.com"), r.properties.getTo());
    }

    @Test
    void thePropertiesSetAreTheMailbackPropertiesNotEveryMailbackName() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of(
                "mailback.enabled", "true",
                "mailback.rate-limit", "1/minute",
                "mailback.to[0]", "a@example.com",
                "mailback.to[1]", "b@example.com",
                "mailback.oauth2.client-id", "id")));
        // As relaxed binding reads an environment variable MAILBACK_EXIM: mailback.exim, no property of ours.
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of("MAILBACK_EXIM", "/usr/sbin/exim4", "MAILBACK_BURST", "3")));
        assertEquals(List.of("mailback.burst", "mailback.oauth2.client-id", "mailback.rate-limit", "mailback.to"),
                List.copyOf(ResolvedProperties.setInEnvironment(environment)));
    }

    @SpringBootApplication
    static class Application {
    }

    private static ResolvedProperties resolve(Map<String, String> properties) {
        return ResolvedProperties.resolve(binder(properties), null);
    }

    static Binder binder(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(new LinkedHashMap<>(properties)));
    }
}
