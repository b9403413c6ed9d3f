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
import io.github.mailback.testing.ScriptedSmtpServer;
import io.github.mailback.testing.SmtpStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A server that is down, then up; and one that accepts connections and never answers. */
class OutageTest {
    @Test
    @Timeout(60)
    void aServerDownThenUpGetsEverythingInOneEmailAfterRetries() throws Exception {
        // Down: the first connection is turned away with 421 (RFC 5321 section 3.8); up afterwards.
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.GREETING).once()
                .reply("421 4.3.2 down for maintenance").start()) {
            // Without the check at start, whose connection would take the one refusal (VerifyOnStartTest has it).
            LoggerContext context = LogbackConfig.load("/logback/fast.xml",
                    Map.of("smtpPort", String.valueOf(server.port()), "batchWindow", "200 ms", "verifyOnStart", "false"));
            SmtpAppender appender = LogbackConfig.appender(context, "EMAIL");
            try {
                context.getLogger("com.example.Db").error("connection pool exhausted");
                Await.until("a failed attempt", Duration.ofSeconds(20), () -> appender.getSendFailures() >= 1,
                        () -> LogbackConfig.statuses(context));
                // Logged during the back-off (1 s): they join the email that is retried.
                context.getLogger("com.example.Db").error("connection pool exhausted");
                context.getLogger("com.example.Cache").error("cache node lost");

                Await.until("the email", Duration.ofSeconds(30), () -> appender.getEmailsSent() == 1,
                        () -> appender.counters() + "\n" + LogbackConfig.statuses(context));
                assertEquals(1, server.messages().size());
                assertTrue(server.messages().get(0).dataAsString().contains("X-Mailback-Events: 3"),
                        server.messages().get(0).dataAsString());
                assertTrue(appender.getRetries() >= 1);
                assertTrue(LogbackConfig.statuses(context).contains("will retry"));
                context.stop();
                assertEquals(1, server.messages().size(), "nothing sent twice");
                assertEquals(3, appender.getEventsReported());
            } finally {
                context.stop();
            }
        }
    }

    @Test
    @Timeout(30)
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

            // stop() gives the final flush shutdownTimeout (2 s) against a server that never answers: it must
            // return (the test's timeout guards that), with the event counted as lost, not wait for replies.
            context.stop();
            assertEquals(1, appender.getEventsLost(), appender::counters);
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
