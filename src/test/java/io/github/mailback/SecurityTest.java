package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** STARTTLS is required, and the password shows nowhere. */
class SecurityTest {
    @Test
    void starttlsIsRequiredSoAServerWithoutVerifiableTlsGetsNothingAndThePasswordStaysHidden() {
        try (MailServer server = MailServer.start()) {
            LoggerContext context = LogbackConfig.load("/logback/starttls.xml",
                    Map.of("smtpPort", String.valueOf(server.port())));
            SmtpAppender appender = LogbackConfig.appender(context, "EMAIL");
            assertTrue(appender.isStarted(), () -> LogbackConfig.statuses(context));
            context.getLogger("com.example.App").error("payment failed");
            Await.until("a failed attempt", Duration.ofSeconds(20), () -> appender.getSendFailures() >= 1,
                    () -> LogbackConfig.statuses(context));
            context.stop();

            assertEquals(0, server.messages().size(), "nothing may go out in clear text");
            String statuses = LogbackConfig.statuses(context);
            assertTrue(statuses.contains("STARTTLS"), statuses);
            assertFalse(statuses.contains("s3cret-Pa55"), statuses);
            String shown = appender.toString();
            assertTrue(shown.contains("user app") && shown.contains("STARTTLS"), shown);
            assertFalse(shown.contains("s3cret-Pa55"), shown);
            assertEquals(1, appender.getEventsLost() + appender.getEventsFailed());
        }
    }
}
