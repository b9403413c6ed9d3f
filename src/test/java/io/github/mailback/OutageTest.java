package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A server that is down, then up; and one that accepts connections and never answers. */
class OutageTest {
    /** A port that was free a moment ago (bound to 0 by the system, then released). */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void aServerDownThenUpGetsEverythingInOneEmailAfterRetries() throws Exception {
        int port = freePort();
        LoggerContext context = LogbackConfig.load("/logback/fast.xml",
                Map.of("smtpPort", String.valueOf(port), "batchWindow", "200 ms"));
        SmtpAppender appender = LogbackConfig.appender(context, "EMAIL");
        try {
            context.getLogger("com.example.Db").error("connection pool exhausted");
            Await.until("a failed attempt", Duration.ofSeconds(20), () -> appender.getSendFailures() >= 1,
                    () -> LogbackConfig.statuses(context));
            context.getLogger("com.example.Db").error("connection pool exhausted");
            context.getLogger("com.example.Cache").error("cache node lost");

            try (MailServer server = MailServer.startOn(port)) {
                Await.until("the email", Duration.ofSeconds(30), () -> appender.getEmailsSent() == 1,
                        () -> appender.counters() + "\n" + LogbackConfig.statuses(context));
                assertEquals(1, server.messages().size());
                assertEquals(3, MailServer.events(server.messages().get(0)));
                assertTrue(appender.getRetries() >= 1);
                assertTrue(LogbackConfig.statuses(context).contains("will retry"));
                context.stop();
                assertEquals(1, server.messages().size(), "nothing sent twice");
            }
        } finally {
            context.stop();
        }
    }

    @Test
    void aSilentServerMakesTheAppenderGiveUpPerItsTimeoutsAndStopReturnsWithinShutdownTimeout() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        Socket s = silent.accept();
                        synchronized (held) {
                            held.add(s);
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-server");
            acceptor.setDaemon(true);
            acceptor.start();

            LoggerContext context = LogbackConfig.load("/logback/fast.xml", Map.of("smtpPort",
                    String.valueOf(silent.getLocalPort()), "batchWindow", "100 ms", "timeout", "1 second",
                    "shutdownTimeout", "2 seconds"));
            SmtpAppender appender = LogbackConfig.appender(context, "EMAIL");
            context.getLogger("com.example.App").error("something broke");
            Await.until("an attempt to time out", Duration.ofSeconds(20), () -> appender.getSendFailures() >= 1,
                    () -> LogbackConfig.statuses(context));

            long start = System.nanoTime();
            context.stop();
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            // shutdownTimeout is 2 s; allow scheduling slack, not another timeout.
            assertTrue(elapsedMillis < 3_000, "stop() took " + elapsedMillis + " ms");
            Await.until("the event to be counted as lost", Duration.ofSeconds(5), () -> appender.getEventsLost() == 1,
                    appender::toString);
            assertEquals(1, appender.getTriggeringEvents());
            assertEquals(0, appender.getEmailsSent());
        } finally {
            synchronized (held) {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }
}
