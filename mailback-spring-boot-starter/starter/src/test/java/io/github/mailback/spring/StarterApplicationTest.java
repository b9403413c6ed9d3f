package io.github.mailback.spring;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import io.github.mailback.SmtpAppender;
import io.github.mailback.spring.actuate.MailbackEndpoint;
import io.github.mailback.spring.actuate.MailbackMeterBinder;
import io.github.mailback.spring.actuate.boot3.MailbackHealthIndicator;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter in a Spring Boot application started in this JVM (the process tests run packaged ones):
 * inactive without recipients, off in a profile, and its beans when Actuator is there.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@ExtendWith(OutputCaptureExtension.class)
class StarterApplicationTest {
    @AfterEach
    void closeTheAttachment() {
        RootAttachment attachment = RootAttachment.current(StarterLifecycle.loggerContext());
        if (attachment != null) {
            attachment.close();
        }
    }

    @Test
    void withoutRecipientsItStaysInactiveWithOneInfoLine(CapturedOutput output) {
        try (ConfigurableApplicationContext context = run("--mailback.smtp-host=127.0.0.1")) {
            assertAll(
                    () -> assertNull(RootAttachment.current(StarterLifecycle.loggerContext())),
                    () -> assertEquals(1, count(output.getOut(), "mailback: errors are not mailed, since no mailback.to is set")),
                    () -> assertEquals(0, context.getBean(MailbackAppenders.class).current().size()));
        }
    }

    @Test
    void oneLineInAProfilesPropertiesTurnsItOff() {
        try (ConfigurableApplicationContext context = run("--spring.config.name=profile-switch")) {
            assertEquals(1, context.getBean(MailbackAppenders.class).current().size(), "on without the profile");
        }
        closeTheAttachment();
        try (ConfigurableApplicationContext context = run("--spring.config.name=profile-switch", "--spring.profiles.active=dev")) {
            assertEquals(0, context.getBean(MailbackAppenders.class).current().size(), "off in the dev profile");
        }
    }

    @Test
    void theAppenderIsOnTheRootLoggerWithActuatorsBeans() {
        try (ConfigurableApplicationContext context = run("--spring.config.name=profile-switch",
                "--spring.application.name=orders")) {
            RootAttachment attachment = RootAttachment.current(StarterLifecycle.loggerContext());
            SmtpAppender appender = attachment.appender();
            Logger root = StarterLifecycle.loggerContext().getLogger(Logger.ROOT_LOGGER_NAME);
            assertAll(
                    () -> assertTrue(appender.isStarted()),
                    () -> assertEquals("orders", appender.getService()),
                    // Not a @SpringBootApplication class: the appender's default (the process tests have one).
                    () -> assertNull(appender.getAppPackages()),
                    () -> assertTrue(root.getAppender(RootAttachment.NAME) instanceof RootAttachment.Forwarder),
                    () -> assertNotNull(context.getBean("mailbackHealthIndicator", MailbackHealthIndicator.class)),
                    () -> assertNotNull(context.getBean(MailbackMeterBinder.class)),
                    () -> assertEquals(List.of(appender), context.getBean(MailbackAppenders.class).current()));
        }
    }

    @Test
    void theEndpointIsThereWhenExposed() {
        try (ConfigurableApplicationContext context = run("--spring.config.name=profile-switch",
                "--management.endpoints.jmx.exposure.include=mailback", "--spring.jmx.enabled=true")) {
            assertNotNull(context.getBean(MailbackEndpoint.class));
        }
    }

    /** Passwords and client secrets masked; the redaction settings, no secrets, shown as set. */
    @Test
    void theEndpointMasksTheSecretsOfTheMailbackProperties() {
        String[] common = {"--spring.config.name=profile-switch", "--management.endpoints.jmx.exposure.include=mailback",
                "--spring.jmx.enabled=true", "--mailback.redact-keys=ssn", "--mailback.redact-pattern=INTERNAL-[0-9]{4,6}"};
        Map<?, ?> withPassword;
        try (ConfigurableApplicationContext context = run(concat(common, "--mailback.username=alerts@example.com",
                "--mailback.password=very-secret-password"))) {
            withPassword = settings(context);
        }
        closeTheAttachment();
        Map<?, ?> withClientSecret;
        try (ConfigurableApplicationContext context = run(concat(common, "--mailback.username=alerts@example.com",
                "--mailback.oauth2.provider=client-credentials", "--mailback.oauth2.token-uri=http://127.0.0.1:2/token",
                "--mailback.oauth2.client-id=mailback", "--mailback.oauth2.client-secret=very-secret-client",
                "--mailback.oauth2.client-authentication=client_secret_basic"))) {
            withClientSecret = settings(context);
        }
        assertAll(
                () -> assertEquals("******", withPassword.get("mailback.password")),
                () -> assertEquals("******", withClientSecret.get("mailback.oauth2.client-secret")),
                () -> assertEquals("client_secret_basic", withClientSecret.get("mailback.oauth2.client-authentication")),
                () -> assertEquals("ssn", withPassword.get("mailback.redact-keys")),
                () -> assertEquals(List.of("INTERNAL-[0-9]{4,6}"), withPassword.get("mailback.redact-pattern")),
                () -> assertFalse(withPassword.toString().contains("very-secret"), withPassword.toString()),
                () -> assertFalse(withClientSecret.toString().contains("very-secret"), withClientSecret.toString()));
    }

    private static Map<?, ?> settings(ConfigurableApplicationContext context) {
        Map<?, ?> appenders = (Map<?, ?>) context.getBean(MailbackEndpoint.class).read().get("appenders");
        return (Map<?, ?>) ((Map<?, ?>) appenders.get(RootAttachment.NAME)).get("settings");
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Arrays.stream(a), Arrays.stream(b)).toArray(String[]::new);
    }

    private static ConfigurableApplicationContext run(String... args) {
        return new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE).run(args);
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {
    }
}
