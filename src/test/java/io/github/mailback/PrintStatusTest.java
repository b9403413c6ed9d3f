package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Plain Logback, configured by SLF4J, no status listener: the appender's warnings and errors reach
 * standard error, each once; with printStatus off, none.
 */
@Timeout(120)
class PrintStatusTest {
    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void aFailedSendIsPrintedOnceWhenNobodyElseShowsStatuses() throws Exception {
        ChildJvm child = ChildJvm.run(FailingSend.class, closedPort(), "auto");
        assertEquals(0, child.exitCode(), child.output());
        String out = child.output();
        long printed = out.lines().filter(l -> l.contains("|-WARN in mailback - ") || l.contains("|-ERROR in mailback - "))
                .count();
        assertTrue(out.contains("|-WARN in mailback - Could not mail 1 error event(s), will retry: "), out);
        assertTrue(out.contains("mailback statuses: " + printed + "\n"), "each of the appender's statuses once: " + out);
    }

    @Test
    void printStatusOffPrintsNothing() throws Exception {
        ChildJvm child = ChildJvm.run(FailingSend.class, closedPort(), "off");
        assertEquals(0, child.exitCode(), child.output());
        assertTrue(!child.output().contains("in mailback - "), child.output());
        assertTrue(child.output().contains("mailback statuses: "), child.output());
    }

    /** The child: an ERROR whose email cannot be sent (nothing listens on the port), then a stop. */
    static final class FailingSend {
        public static void main(String[] args) throws Exception {
            System.setProperty("logback.configurationFile",
                    String.valueOf(FailingSend.class.getResource("/logback/print-status.xml")));
            System.setProperty("printStatus", args[0]);
            org.slf4j.LoggerFactory.getLogger("com.example.App").error("disk full");
            LoggerContext context = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
            SmtpAppender appender = (SmtpAppender) context.getLogger("ROOT").getAppender("EMAIL");
            Await.until("a failed send", Duration.ofSeconds(20), () -> appender.getSendFailures() >= 1, appender::counters);
            context.stop();
            long mine = context.getStatusManager().getCopyOfStatusList().stream()
                    .filter(s -> s.getOrigin() == appender && s.getLevel() >= Status.WARN).count();
            System.out.println("mailback statuses: " + mine);
        }
    }
}
