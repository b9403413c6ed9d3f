package io.github.mailback.spring.actuate;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.github.mailback.SmtpAppender;
import io.github.mailback.spring.MailbackAppenders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * The endpoint on an appender of the Logback configuration (here put on a logger by the test): the
 * counters and the settings with the password masked (what is redacted shown, being no secret); test emails to the configured recipients, one a
 * minute.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MailbackEndpointTest {
    private GreenMail greenMail;
    private SmtpAppender appender;
    private Logger logger;
    private Instant now = Instant.parse("2026-12-07T10:00:00Z");

    @BeforeEach
    void start() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        greenMail.setUser("alerts@example.com", "alerts@example.com", "very-secret");
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        appender = new SmtpAppender();
        appender.setContext(context);
        appender.setName("MAIL");
        appender.setSmtpHost("127.0.0.1");
        appender.setSmtpPort(greenMail.getSmtp().getPort());
        appender.setUsername("alerts@example.com");
        appender.setPassword("very-secret");
        appender.addTo("oncall@example.com");
        appender.setVerifyOnStart(false);
        appender.setRegisterShutdownHook(false);
        appender.setRedactKeys("ssn");
        appender.addRedactPattern("INTERNAL-[0-9]{4,6}");
        appender.start();
        logger = context.getLogger("io.github.mailback.spring.actuate.endpoint-test");
        logger.addAppender(appender);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(appender);
        appender.stop();
        greenMail.stop();
    }

    @Test
    void readingGivesTheCountersAndTheSettingsWithoutTheSecrets() {
        Map<String, Object> read = endpoint().read();
        Map<?, ?> mail = (Map<?, ?>) ((Map<?, ?>) read.get("appenders")).get("MAIL");
        Map<?, ?> settings = (Map<?, ?>) mail.get("settings");
        assertAll(
                () -> assertEquals("Logback configuration", mail.get("source")),
                () -> assertEquals(0L, ((Map<?, ?>) mail.get("counters")).get("triggeringEvents")),
                () -> assertEquals("******", settings.get("password")),
                () -> assertEquals("alerts@example.com", settings.get("username")),
                () -> assertEquals(true, settings.get("redactSecrets")),
                () -> assertEquals("ssn", settings.get("redactKeys")),
                () -> assertEquals(java.util.List.of("INTERNAL-[0-9]{4,6}"), settings.get("redactPattern")),
                () -> assertEquals(0L, ((Map<?, ?>) mail.get("counters")).get("spoolBytes")),
                () -> assertEquals(0L, ((Map<?, ?>) mail.get("counters")).get("redactedValues")),
                () -> assertFalse(read.toString().contains("very-secret"), read.toString()));
    }

    @Test
    void writingSendsATestEmailAMinute() throws Exception {
        MailbackEndpoint endpoint = endpoint();
        Map<?, ?> first = sent(endpoint.sendTestEmail());
        Map<?, ?> second = sent(endpoint.sendTestEmail());
        now = now.plus(Duration.ofSeconds(61));
        Map<?, ?> third = sent(endpoint.sendTestEmail());
        assertAll(
                () -> assertEquals(true, first.get("sent"), first.toString()),
                () -> assertEquals(java.util.List.of("oncall@example.com"), first.get("accepted")),
                () -> assertEquals(false, second.get("sent")),
                () -> assertTrue(String.valueOf(second.get("reason")).startsWith("rate limited"), second.toString()),
                () -> assertEquals(true, third.get("sent"), third.toString()),
                () -> assertEquals(2, greenMail.getReceivedMessages().length),
                () -> assertEquals("0", greenMail.getReceivedMessages()[0].getHeader("X-Mailback-Events", ",")));
    }

    private MailbackEndpoint endpoint() {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
        return new MailbackEndpoint(new MailbackAppenders(), clock);
    }

    private static Map<?, ?> sent(Map<String, Object> result) {
        return (Map<?, ?>) ((Map<?, ?>) result.get("testEmails")).get("MAIL");
    }
}
