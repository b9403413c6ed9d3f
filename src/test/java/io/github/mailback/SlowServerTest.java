package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.LoggerContext;
import io.github.mailback.testing.ScriptedSmtpServer;
import io.github.mailback.testing.SmtpStage;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sender never waits on the network: while the server keeps an email waiting (no greeting for
 * many seconds), the sender goes on taking in what the application logs.
 */
@Timeout(60)
class SlowServerTest {
    @Test
    void errorsLoggedWhileASendHangsAreTakenInAtOnce() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.GREETING).once().silence().start()) {
            LoggerContext context = new LoggerContext();
            context.setName("slow");
            context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());
            SmtpAppender a = new SmtpAppender();
            a.setContext(context);
            a.setName("EMAIL");
            a.setSmtpHost("127.0.0.1");
            a.setSmtpPort(server.port());
            a.setFrom("app@example.com");
            a.addTo("ops@example.com");
            a.setBatchWindow("0");
            a.setTimeout("20 seconds");
            a.setVerifyOnStart(false);
            a.setRegisterShutdownHook(false);
            a.start();
            context.getLogger("ROOT").addAppender(a);
            try {
                context.getLogger("com.example.A").error("first: its email hangs on the greeting");
                Await.until("the connection", Duration.ofSeconds(10), () -> server.connectionCount() > 0, a::counters);
                for (int i = 0; i < 3; i++) {
                    context.getLogger("com.example.B").error("logged while the send hangs " + i);
                }
                Await.until("the three errors taken in beside the hanging send", Duration.ofSeconds(10),
                        () -> a.getEventsHeld() == 4, a::counters);
                assertEquals(0, a.getEmailsSent());
            } finally {
                a.setShutdownTimeout("1 second");
                context.stop();
            }
        }
    }
}
