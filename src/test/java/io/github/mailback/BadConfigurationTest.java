package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A wrong property leaves the appender stopped with an error naming it; the application logs on. */
@org.junit.jupiter.api.Timeout(30)
class BadConfigurationTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "noTo, the to property",
        "sslAndStarttls, STARTTLS and SSL",
        "badRateLimit, the rateLimit property",
        "badTo, the to property",
        "badFrom, the from property",
        "noSmtpHost, the smtpHost property",
        "badSmtpHost, the smtpHost property is wrong: bad host entry '[::1:2525'",
        "clearTextPasswordToOneOfTheHosts, username is set without STARTTLS or SSL",
        "clearTextPassword, username is set without STARTTLS or SSL",
        "badBurst, the burst property",
        "badRedactPattern, the redactPattern property is wrong: redactPattern 'card=(\\d+' does not compile",
        "badRedactRulesOff, the redactRulesOff property is wrong: redactRulesOff: unknown rule 'passwords'",
        "badMaxSpoolSize, the maxSpoolSize property is wrong: '10 parsecs' is not a size such as 10 MB",
        "badDuration, the batchWindow property",
        "badHeaders, the header property",
        "badAppPackages, the appPackages property is wrong: 'com shop' is not a package name",
        "sslClientAuth, the ssl property's needClientAuth and wantClientAuth parameters apply to a server",
        "discriminatorWithoutDefault, the discriminator ch.qos.logback.classic.sift.MDCBasedDiscriminator did not start",
    })
    void leavesTheAppenderStoppedWithAnErrorNamingTheProperty(String file, String expected) {
        LoggerContext context = LogbackConfig.load("/logback/bad/" + file + ".xml", Map.of());
        try {
            SmtpAppender appender = LogbackConfig.appender(context, "EMAIL");
            assertFalse(appender.isStarted());
            List<String> errors = LogbackConfig.errors(context);
            assertTrue(errors.stream().anyMatch(e -> e.contains(expected)), () -> LogbackConfig.statuses(context));
            assertFalse(LogbackConfig.statuses(context).contains("s3cret-Pa55"), "the password never appears");

            context.getLogger("com.example.App").error("still logging");
            @SuppressWarnings("unchecked")
            ListAppender<ILoggingEvent> list = (ListAppender<ILoggingEvent>) context.getLogger("ROOT").getAppender("LIST");
            assertEquals(1, list.list.size());
            assertEquals(0, appender.getTriggeringEvents());
        } finally {
            context.stop();
        }
    }

    @org.junit.jupiter.api.Test
    void everyWrongPropertyIsReportedAtOnceNotOnlyTheFirst() {
        LoggerContext context = LogbackConfig.load("/logback/bad/manyWrong.xml", Map.of());
        try {
            assertFalse(LogbackConfig.appender(context, "EMAIL").isStarted());
            List<String> errors = LogbackConfig.errors(context);
            for (String property : List.of("the smtpHost property", "the smtpPort property", "the from property",
                    "the rateLimit property", "the burst property", "the timeout property",
                    "the maxRepeatInterval property")) {
                assertEquals(1, errors.stream().filter(e -> e.contains(property)).count(),
                        () -> property + " once in\n" + String.join("\n", errors));
            }
            assertEquals(7, errors.size(), () -> String.join("\n", errors));
        } finally {
            context.stop();
        }
    }

    /** For tools that configure the appender in code: the same check, by property name, and nothing started. */
    @org.junit.jupiter.api.Test
    void checkConfigurationNamesEveryWrongPropertyAndStartsNothing() {
        LoggerContext context = LogbackConfig.load("/logback/bad/manyWrong.xml", Map.of());
        try {
            SmtpAppender appender = LogbackConfig.appender(context, "EMAIL");
            int statuses = context.getStatusManager().getCount();
            List<ConfigurationProblem> problems = appender.checkConfiguration();
            assertEquals(java.util.Set.of("smtpHost", "smtpPort", "timeout", "from", "rateLimit", "burst",
                    "maxRepeatInterval"), problems.stream().map(ConfigurationProblem::property)
                    .collect(java.util.stream.Collectors.toSet()), problems::toString);
            assertEquals(7, problems.size(), problems::toString);
            List<String> errors = LogbackConfig.errors(context);
            for (ConfigurationProblem p : problems) {
                assertTrue(errors.stream().anyMatch(e -> e.endsWith(p.message())), () -> p + " as at start: " + errors);
            }
            assertFalse(appender.isStarted());
            assertEquals(statuses, context.getStatusManager().getCount(), "a check adds no status");
            assertTrue(Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith("mailback-") && t.getName().endsWith("EMAIL")),
                    "no thread started for the appender");
        } finally {
            context.stop();
        }
    }

    @org.junit.jupiter.api.Test
    void everyWrongHeaderIsReportedWithWhatIsWrong() {
        LoggerContext context = LogbackConfig.load("/logback/bad/badHeaders.xml", Map.of());
        try {
            assertFalse(LogbackConfig.appender(context, "EMAIL").isStarted());
            List<String> errors = LogbackConfig.errors(context);
            assertEquals(5, errors.size(), () -> String.join("\n", errors));
            assertTrue(errors.stream().allMatch(e -> e.contains("the header property is wrong")), errors::toString);
            String all = String.join("\n", errors);
            assertTrue(all.contains("not settable: Bcc"), all);
            assertTrue(all.contains("not a header name: X Bad Name"), all);
            assertTrue(all.contains("no colon in 'no colon at all'"), all);
            assertTrue(all.contains("X-Mailback-Events is written by mailback on every email"), all);
            assertTrue(all.contains("auto-submitted is written by mailback on every email"), all);
        } finally {
            context.stop();
        }
    }
}
