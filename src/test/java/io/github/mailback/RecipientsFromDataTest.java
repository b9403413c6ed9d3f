package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import io.github.mailback.config.RecipientPatterns;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

/** A to pattern fed by log data: the data can spoil its own recipient, never add one. */
class RecipientsFromDataTest {
    private static final String[] HOSTILE = {"x@evil.com, ops", "<evil@evil.com>, ops", "\"Ops\" <evil@evil.com>,ops",
        "ops@example.com\r\nRCPT TO:<evil@evil.com>"};

    @ParameterizedTest
    @ValueSource(strings = {"x@evil.com, ops", "<evil@evil.com>, ops", "\"Ops\" <evil@evil.com>,ops",
        "ops@example.com\r\nRCPT TO:<evil@evil.com>", "ops@example.com\nBcc: evil@evil.com"})
    @Timeout(30)
    void aValueHoldingAListReachesOnlyTheConfiguredFixedAddress(String team) throws Exception {
        try (MailServer server = MailServer.start()) {
            LoggerContext context = LogbackConfig.load("/logback/to-from-data.xml",
                    Map.of("smtpPort", String.valueOf(server.port()), "to", "%X{team}@example.com, lead@example.com"));
            logWithTeam(context, team, "refund failed");
            context.stop();

            assertEquals(List.of(), server.messagesForDomain("evil.com"));
            List<MimeMessage> copies = server.messages();
            assertEquals(1, copies.size(), () -> LogbackConfig.statuses(context));
            assertEquals("[lead@example.com]", Arrays.toString(copies.get(0).getAllRecipients()));
            String warnings = LogbackConfig.errorsAndWarnings(context);
            assertTrue(warnings.contains("The to pattern %X{team}@example.com gave \""), warnings);
            assertTrue(warnings.contains("not one address"), warnings);
            assertTrue(!warnings.contains("\r") && !warnings.contains("\n" + "RCPT"), warnings);
        }
    }

    @Test
    @Timeout(30)
    void anEventWithoutAValidRecipientIsCountedAsFailedNotMailedToTheLastOne() throws Exception {
        try (MailServer server = MailServer.start()) {
            LoggerContext context = LogbackConfig.load("/logback/to-from-data.xml",
                    Map.of("smtpPort", String.valueOf(server.port()), "to", "%X{team}@example.com"));
            SmtpAppender appender = LogbackConfig.appender(context, "EMAIL");
            logWithTeam(context, "payments", "refund failed");
            Await.until("the first email", java.time.Duration.ofSeconds(10), () -> appender.getEmailsSent() == 1);
            for (String hostile : HOSTILE) {
                logWithTeam(context, hostile, "refund failed again");
                logWithTeam(context, hostile, "refund failed again");
            }
            context.getLogger("com.example.Pay").error("no team in the MDC");
            context.stop();

            assertEquals(List.of(), server.messagesForDomain("evil.com"));
            assertEquals(1, server.messages().size(), () -> appender.counters() + "\n" + LogbackConfig.statuses(context));
            assertEquals("[payments@example.com]", Arrays.toString(server.messages().get(0).getAllRecipients()));
            assertEquals(1, appender.getEventsReported());
            assertEquals(2 * HOSTILE.length + 1, appender.getEventsFailed(), () -> appender.counters().toString());
            String warnings = LogbackConfig.errorsAndWarnings(context);
            for (String hostile : HOSTILE) {
                String quoted = RecipientPatterns.quote(hostile + "@example.com");
                assertEquals(1, count(warnings, "gave " + quoted + ","), () -> quoted + " once in\n" + warnings);
            }
        }
    }

    @Test
    void configuredListsAreSplitBeforeEvaluationButNotInsidePatternsQuotesOrBrackets() {
        assertEquals(List.of("%X{team}@example.com", "\"Duty, Desk\" <duty@example.com>",
                "%replace(%X{a}){',', ''}@example.com", "<a,b@example.com>"),
                RecipientPatterns.splitList("%X{team}@example.com, \"Duty, Desk\" <duty@example.com>,"
                        + "%replace(%X{a}){',', ''}@example.com , <a,b@example.com>,"));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static void logWithTeam(LoggerContext context, String team, String message) throws MessagingException {
        try {
            MDC.put("team", team);
            context.getLogger("com.example.Pay").error(message);
        } finally {
            MDC.clear();
        }
    }
}
