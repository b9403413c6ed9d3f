package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ch.qos.logback.classic.LoggerContext;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Web applications redeployed in one server: two contexts at once, each with an appender named EMAIL,
 * started and stopped in turn. Nothing of mailback may stay behind to hold an old application's class
 * loader: no thread, no MBean, no meter, no shutdown hook.
 */
@Timeout(120)
class RedeployTest extends WithMailServer {
    private SmtpAppender start(String contextName) {
        LoggerContext context = new LoggerContext();
        context.setName(contextName);
        context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());
        SmtpAppender a = new SmtpAppender();
        a.setContext(context);
        a.setName("EMAIL");
        a.setSmtpHost("127.0.0.1");
        a.setSmtpPort(server.port());
        a.setFrom("app@example.com");
        a.addTo("ops@example.com");
        a.setBatchWindow("0");
        a.start(); // verifyOnStart and the shutdown hook as by default
        context.getLogger("ROOT").addAppender(a);
        return a;
    }

    private static Set<String> mailbackThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("mailback-")).collect(Collectors.toSet());
    }

    private static Set<ObjectName> mbeans() throws Exception {
        return ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("io.github.mailback:*"), null);
    }

    private static long meters() {
        return Metrics.globalRegistry.getMeters().stream().filter(m -> m.getId().getName().startsWith("mailback.")).count();
    }

    @Test
    void contextsStartedAndStoppedInTurnLeaveNothingBehind() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Metrics.addRegistry(registry);
        try {
            int mails = 0;
            for (int round = 1; round <= 3; round++) {
                List<SmtpAppender> appenders = new ArrayList<>(List.of(start("shop"), start("billing")));
                Await.until("the meters of both", Duration.ofSeconds(20), () -> meters() == 2 * MicrometerTest.METERS, () -> meters() + " meters");
                assertEquals(2, mbeans().size(), () -> "one MBean per context: " + mbeansQuietly());
                for (SmtpAppender a : appenders) {
                    ((LoggerContext) a.getContext()).getLogger("com.example.App").error("round " + a.getContext().getName());
                }
                mails += 2;
                int expected = mails;
                Await.until("both emails", Duration.ofSeconds(20), () -> server.messages().size() == expected,
                        () -> appenders.get(0).counters() + " / " + appenders.get(1).counters());
                for (SmtpAppender a : appenders) {
                    ((LoggerContext) a.getContext()).stop();
                    assertNull(a.shutdownHook, "the JVM shutdown hook is removed");
                }
                Await.until("no mailback thread", Duration.ofSeconds(10), () -> mailbackThreads().isEmpty(),
                        () -> mailbackThreads().toString());
                assertEquals(Set.of(), mbeans());
                assertEquals(0, meters());
            }
        } finally {
            Metrics.removeRegistry(registry);
        }
    }

    private static String mbeansQuietly() {
        try {
            return mbeans().toString();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
