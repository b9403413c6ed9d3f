package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** With Micrometer on the class path the counters are also meters; without it the appender works as before. */
@Timeout(60)
class MicrometerTest {
    /** The counters' meters, and mailback.redactions for each rule on by default and the budget and error markers. */
    static final long METERS = 20 + io.github.mailback.redact.Redactor.standard().rules().size() + 2;


    @Test
    void theCountersAreMetersTaggedWithTheAppenderAndGoAwayAtStop() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        try (MailServer server = MailServer.start()) {
            LoggerContext context = LogbackConfig.load("/logback/fast.xml",
                    Map.of("smtpPort", String.valueOf(server.port()), "batchWindow", "0 ms", "verifyOnStart", "false"));
            SmtpAppender appender = LogbackConfig.appender(context, "EMAIL");
            context.getLogger("com.example.App").error("disk full");
            Await.until("the email", Duration.ofSeconds(20), () -> appender.getEmailsSent() == 1, appender::counters);
            // The same error again: held back by repeatInterval, so the gauge shows it.
            context.getLogger("com.example.App").error("disk full");
            Await.until("the repeat held", Duration.ofSeconds(20), () -> appender.getEventsHeld() == 1, appender::counters);

            assertEquals(2.0, registry.get("mailback.events.triggering").tag("appender", "EMAIL")
                    .tag("context", context.getName()).functionCounter().count());
            assertEquals(1.0, registry.get("mailback.events.reported").tag("appender", "EMAIL").functionCounter().count());
            assertEquals(1.0, registry.get("mailback.emails.sent").tag("appender", "EMAIL").functionCounter().count());
            assertEquals(1.0, registry.get("mailback.events.held").tag("appender", "EMAIL").gauge().value());
            assertEquals(METERS, registry.getMeters().stream().filter(m -> m.getId().getName().startsWith("mailback.")).count(),
                    "one meter per counter, the derived 'unaccounted' left out, and one per redaction rule");
            assertEquals(0.0, registry.get("mailback.redactions").tag("appender", "EMAIL").tag("rule", "password")
                    .functionCounter().count());

            context.stop();
            assertNull(registry.find("mailback.events.triggering").meter(), "removed at stop");
        } finally {
            Metrics.removeRegistry(registry);
            registry.close();
        }
    }

    /** What the Spring Boot starter does: bind the counters to the application's own registry. */
    @Test
    void aBinderGivesEachMeterOnceInTheRegistryItIsBoundToAndRemovesThemOnClose() throws Exception {
        try (MailServer server = MailServer.start()) {
            LoggerContext context = LogbackConfig.load("/logback/fast.xml",
                    Map.of("smtpPort", String.valueOf(server.port()), "batchWindow", "0 ms", "verifyOnStart", "false"));
            SmtpAppender appender = LogbackConfig.appender(context, "EMAIL");
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            MailbackMetrics metrics = new MailbackMetrics(appender);
            metrics.bindTo(registry);
            metrics.bindTo(registry);
            assertEquals(METERS, registry.getMeters().size(), "each meter once");
            context.getLogger("com.example.App").error("disk full");
            Await.until("the email", Duration.ofSeconds(20), () -> appender.getEmailsSent() == 1, appender::counters);
            assertEquals(1.0, registry.get("mailback.emails.sent").tag("context", context.getName()).functionCounter().count());
            metrics.close();
            assertEquals(0, registry.getMeters().size());
            context.stop();
        }
    }

    @Test
    void withoutMicrometerTheAppenderWorks() throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("micrometer")).collect(Collectors.joining(File.pathSeparator));
        try (MailServer server = MailServer.start()) {
            ChildJvm child = ChildJvm.run(NoMicrometer.class, classPath, server.port());
            assertEquals(0, child.exitCode(), child.output());
            assertTrue(child.output().contains("micrometer absent, emails sent: 1"), child.output());
            assertEquals(1, server.messages().size());
        }
    }

    /**
     * SLF4J configures Logback, which starts the appender: the meters are registered once that is over,
     * so that Micrometer's first log call is not held and replayed with a warning in the output.
     */
    @Test
    void startingUnderSlf4jPrintsNoReplayWarningAndTheMetersComeOnce() throws Exception {
        try (MailServer server = MailServer.start()) {
            ChildJvm child = ChildJvm.run(ThroughSlf4j.class, server.port());
            assertEquals(0, child.exitCode(), child.output());
            assertTrue(child.output().contains("emails sent: 1, meters: " + METERS), child.output());
            assertTrue(!child.output().contains("SLF4J"), "nothing from SLF4J: " + child.output());
        }
    }

    /** The child: Logback configured by SLF4J's own initialization, with Micrometer on the class path. */
    static final class ThroughSlf4j {
        public static void main(String[] args) throws Exception {
            System.setProperty("logback.configurationFile",
                    String.valueOf(ThroughSlf4j.class.getResource("/logback/fast.xml")));
            System.setProperty("batchWindow", "0 ms");
            System.setProperty("verifyOnStart", "false");
            org.slf4j.LoggerFactory.getLogger("com.example.App").error("disk full");
            LoggerContext context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
            SmtpAppender appender = (SmtpAppender) context.getLogger("ROOT").getAppender("EMAIL");
            Await.until("the email", Duration.ofSeconds(20), () -> appender.getEmailsSent() == 1, appender::counters);
            long meters = io.micrometer.core.instrument.Metrics.globalRegistry.getMeters().stream()
                    .filter(m -> m.getId().getName().startsWith("mailback.")).count();
            System.out.println("emails sent: " + appender.getEmailsSent() + ", meters: " + meters);
            context.stop();
        }
    }

    /** The child: Micrometer absent, one error mailed, Logback stopped. */
    static final class NoMicrometer {
        public static void main(String[] args) throws Exception {
            boolean absent;
            try {
                Class.forName("io.micrometer.core.instrument.Metrics");
                absent = false;
            } catch (ClassNotFoundException e) {
                absent = true;
            }
            LoggerContext context = ChildJvm.configureLogback("/logback/fast.xml");
            SmtpAppender appender = (SmtpAppender) context.getLogger("ROOT").getAppender("EMAIL");
            context.getLogger("com.example.App").error("disk full");
            context.stop();
            System.out.println("micrometer " + (absent ? "absent" : "present") + ", emails sent: "
                    + appender.getEmailsSent() + ", started: " + appender.isStarted());
            System.out.println(LogbackConfig.statuses(context));
        }
    }
}
