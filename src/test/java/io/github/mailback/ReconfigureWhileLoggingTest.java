package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Reconfiguration as Logback's {@code scan="true"} does it on a change ({@code LoggerContext.reset()},
 * then {@code JoranConfigurator.doConfigure}), 30 times while 4 threads log errors. Each stopped
 * appender has sent its pending alerts (nothing held, nothing lost), the server has every email, and
 * no sender thread, JMX name or JVM shutdown hook of an old appender is left.
 */
class ReconfigureWhileLoggingTest {
    private static final int RELOADS = 30;
    private static final String SENDER = "mailback-sender-RELOADED";

    @Test
    @Timeout(120)
    void thirtyReloadsWhileFourThreadsLogLeaveOneAppenderAndLoseNothing() throws Exception {
        try (MailServer server = MailServer.start()) {
            System.setProperty("mailback.reload.port", String.valueOf(server.port()));
            LoggerContext context = LogbackConfig.load("/logback/reload.xml", Map.of());
            List<SmtpAppender> appenders = new ArrayList<>();
            List<Thread> hooks = new ArrayList<>();
            record(context, appenders, hooks);

            AtomicBoolean done = new AtomicBoolean();
            List<Thread> loggers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread thread = new Thread(() -> {
                    var logger = context.getLogger("com.example.Reload");
                    for (int i = 0; !done.get(); i++) {
                        logger.error("order {} failed", i);
                        // Pacing: a steady stream of errors, not a flood that only measures the inbox.
                        LockSupport.parkNanos(500_000L);
                    }
                }, "reload-logger-" + t);
                loggers.add(thread);
                thread.start();
            }
            try {
                for (int i = 0; i < RELOADS; i++) {
                    Await.until("errors for appender " + appenders.size(), Duration.ofSeconds(10),
                            () -> appenders.get(appenders.size() - 1).getTriggeringEvents() > 0);
                    // What ReconfigureOnChangeTask does when the file changed.
                    context.reset();
                    JoranConfigurator configurator = new JoranConfigurator();
                    configurator.setContext(context);
                    configurator.doConfigure(getClass().getResource("/logback/reload.xml"));
                    record(context, appenders, hooks);
                }
            } finally {
                done.set(true);
                for (Thread t : loggers) {
                    t.join(10_000);
                }
            }
            String state = LogbackConfig.errorsAndWarnings(context);

            // Every old appender sent what it held when it was stopped: nothing pending, nothing lost.
            long reported = 0;
            for (SmtpAppender old : appenders.subList(0, RELOADS)) {
                assertFalse(old.isStarted());
                assertEquals(0, old.getEventsHeld(), old::counters);
                assertEquals(0, old.getEventsLost() + old.getEventsFailed() + old.getEventsUncertain(), old::counters);
                assertEquals(old.getTriggeringEvents(), old.getEventsReported(), old::counters);
                assertTrue(old.getEmailsSent() >= 1, old::counters);
                reported += old.getEventsReported();
            }
            long received = server.messages().stream().mapToLong(MailServer::events).sum();
            assertEquals(reported, received, state);

            // One appender's worth of resources, the current one's.
            Await.until("the old sender threads to end", Duration.ofSeconds(10), () -> senderThreads() == 1,
                    () -> senderThreads() + " sender threads");
            Set<ObjectName> names = ManagementFactory.getPlatformMBeanServer()
                    .queryNames(new ObjectName("io.github.mailback:*"), null);
            ObjectName name = new ObjectName("io.github.mailback:type=SmtpAppender,context="
                    + SmtpAppender.jmxValue(context.getName()) + ",name=RELOADED");
            assertEquals(Set.of(name), names);
            SmtpAppender current = appenders.get(RELOADS);
            // The name is the current appender's, not one an old appender left behind.
            assertEquals(current.getTriggeringEvents(),
                    ManagementFactory.getPlatformMBeanServer().getAttribute(name, "TriggeringEvents"), current::counters);
            for (Thread hook : hooks.subList(0, RELOADS)) {
                // False: the hook was not registered (any more); removing a registered one would say true.
                assertFalse(Runtime.getRuntime().removeShutdownHook(hook), hook.getName() + " still registered");
            }
            assertTrue(Runtime.getRuntime().removeShutdownHook(hooks.get(RELOADS)), "the current hook is registered");
            Runtime.getRuntime().addShutdownHook(hooks.get(RELOADS));

            context.stop();
            assertEquals(current.getTriggeringEvents(), current.getEventsReported(), current::counters);
            Await.until("the last sender thread to end", Duration.ofSeconds(10), () -> senderThreads() == 0);
            assertTrue(ManagementFactory.getPlatformMBeanServer()
                    .queryNames(new ObjectName("io.github.mailback:*"), null).isEmpty());
            assertFalse(Runtime.getRuntime().removeShutdownHook(hooks.get(RELOADS)), "the last hook is still registered");
        } finally {
            System.clearProperty("mailback.reload.port");
        }
    }

    private static void record(LoggerContext context, List<SmtpAppender> appenders, List<Thread> hooks) {
        SmtpAppender appender = (SmtpAppender) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("RELOADED");
        assertNotNull(appender, () -> LogbackConfig.statuses(context));
        assertTrue(appender.isStarted(), () -> LogbackConfig.statuses(context));
        assertNotNull(appender.shutdownHook);
        appenders.add(appender);
        hooks.add(appender.shutdownHook);
    }

    private static long senderThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().equals(SENDER)).count();
    }
}
