package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the sender thread logs itself (through a user's layout) never becomes an email. */
class SelfTriggerTest {
    @Test
    @Timeout(30)
    void aLayoutThatLogsAnErrorDoesNotMakeTheAppenderMailItsOwnEvents() throws Exception {
        try (MailServer server = MailServer.start()) {
            LoggerContext context = LogbackConfig.load("/logback/logging-layout.xml",
                    Map.of("smtpPort", String.valueOf(server.port())));
            SmtpAppender appender = LogbackConfig.appender(context, "EMAIL");
            context.getLogger("com.example.Orders").error("order 7 failed");
            Await.until("the first email", Duration.ofSeconds(10), () -> appender.getEmailsSent() == 1);
            // Composing that email ran the layout, which logged; had it counted, the final flush would mail it.
            Await.until("the layout to have logged", Duration.ofSeconds(10), () -> appender.getSenderThreadEvents() > 0);
            context.stop();

            assertEquals(1, appender.getTriggeringEvents(), () -> appender.counters().toString());
            assertEquals(1, server.messages().size(), () -> LogbackConfig.statuses(context));
            assertEquals(1, MailServer.events(server.messages().get(0)));
            String warnings = LogbackConfig.errorsAndWarnings(context);
            assertEquals(1, warnings.split("logged on the sender thread", -1).length - 1, warnings);
            assertTrue(warnings.contains("com.example.LayoutHelper"), warnings);
        }
    }
}
