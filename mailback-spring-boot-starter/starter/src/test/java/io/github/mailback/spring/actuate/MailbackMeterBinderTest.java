package io.github.mailback.spring.actuate;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.github.mailback.SmtpAppender;
import io.github.mailback.spring.MailbackAppenders;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * The meters reach the application's registry once each, the library's spool meters and its
 * mailback.redactions (one per redaction rule in use) included, whether or not that registry joined
 * Micrometer's global one.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MailbackMeterBinderTest {
    /** The appender's counters as meters; mailback.redactions comes on top, one per rule. */
    private static final int COUNTERS = 20;

    private SmtpAppender appender;
    private Logger logger;

    @BeforeEach
    void start() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        appender = new SmtpAppender();
        appender.setContext(context);
        appender.setName("MAIL");
        appender.setSmtpHost("127.0.0.1");
        appender.setSmtpPort(2);
        appender.addTo("oncall@example.com");
        appender.setRedactKeys("ssn");
        appender.setVerifyOnStart(false);
        appender.setRegisterShutdownHook(false);
        logger = context.getLogger("io.github.mailback.spring.actuate.meter-test");
        logger.addAppender(appender);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(appender);
        appender.stop();
    }

    @Test
    void withoutTheGlobalRegistryTheBinderGivesEachMeterOnceAndRemovesThemAtTheEnd() {
        appender.start();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MailbackMeterBinder binder = new MailbackMeterBinder(new MailbackAppenders());
        binder.bindTo(registry);
        binder.bindTo(registry);
        List<Meter> meters = mailbackMeters(registry);
        Set<String> rules = rules(meters);
        binder.destroy();
        assertAll(
                () -> assertEquals(COUNTERS, meters.stream().filter(m -> !isRedactions(m)).count(), names(meters).toString()),
                () -> assertEquals(COUNTERS + 1, names(meters).size(), "each name once, mailback.redactions aside"),
                () -> assertTrue(names(meters).keySet().containsAll(List.of("mailback.spool.bytes", "mailback.spool.entries",
                        "mailback.spool.recovered", "mailback.spool.resent", "mailback.spool.quarantined",
                        "mailback.events.kept")), names(meters).toString()),
                () -> assertEquals(rules.size(), meters.stream().filter(MailbackMeterBinderTest::isRedactions).count()),
                () -> assertTrue(rules.containsAll(List.of("password", "custom-key", "budget", "error")), rules.toString()),
                () -> assertFalse(rules.contains("email"), "off unless turned on: " + rules),
                () -> assertEquals(List.of(), mailbackMeters(registry), "removed when the context closes"));
    }

    @Test
    void throughTheGlobalRegistryTheBinderAddsNothing() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        try {
            appender.start();
            // The appender binds its meters to the global registry on its sender thread.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (registry.find("mailback.events.triggering").meter() == null) {
                assertTrue(System.nanoTime() - deadline < 0, "no meters in the global registry within 20 s");
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            int before = mailbackMeters(registry).size();
            MailbackMeterBinder binder = new MailbackMeterBinder(new MailbackAppenders());
            binder.bindTo(registry);
            assertAll(
                    () -> assertTrue(before > COUNTERS, "the appender's own meters: " + before),
                    () -> assertEquals(before, mailbackMeters(registry).size()));
            binder.destroy();
            assertEquals(before, mailbackMeters(registry).size(), "the appender's own, which it removes at stop");
        } finally {
            Metrics.removeRegistry(registry);
        }
    }

    private List<Meter> mailbackMeters(SimpleMeterRegistry registry) {
        return registry.getMeters().stream().filter(m -> m.getId().getName().startsWith("mailback.")
                && "MAIL".equals(m.getId().getTag("appender"))).toList();
    }

    private static boolean isRedactions(Meter m) {
        return m.getId().getName().equals("mailback.redactions");
    }

    private static Set<String> rules(List<Meter> meters) {
        return meters.stream().filter(MailbackMeterBinderTest::isRedactions).map(m -> m.getId().getTag("rule"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** How many meters have each name. */
    private static Map<String, Long> names(List<Meter> meters) {
        return meters.stream().collect(Collectors.groupingBy(m -> m.getId().getName(), Collectors.counting()));
    }
}
