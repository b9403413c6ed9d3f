package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Where production stops the appender: an interrupted thread, an AsyncAppender, other shutdown hooks. */
class ShutdownTest {
    @Test
    @Timeout(30)
    void stopOnAnInterruptedThreadStillSendsTheFinalEmailAndKeepsTheFlag() throws Exception {
        try (MailServer server = MailServer.start()) {
            LoggerContext context = LogbackConfig.load("/logback/recipients.xml",
                    Map.of("smtpPort", String.valueOf(server.port())));
            SmtpAppender appender = LogbackConfig.appender(context, "EMAIL");
            context.getLogger("com.example.Job").error("export failed");

            AtomicBoolean stillInterrupted = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread stopper = new Thread(() -> {
                Thread.currentThread().interrupt();
                try {
                    appender.stop();
                } catch (Throwable t) {
                    failure.set(t);
                }
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }, "interrupted-stopper");
            stopper.start();
            stopper.join();

            assertEquals(null, failure.get());
            assertTrue(stillInterrupted.get(), "stop() must leave the interrupt flag set");
            assertEquals(1, appender.getEventsReported(), () -> appender.counters() + "\n" + LogbackConfig.statuses(context));
            assertFalse(server.messages().isEmpty(), "the final email had not arrived when stop() returned");
            assertFalse(LogbackConfig.errorsAndWarnings(context).contains("shutdownTimeout"),
                    LogbackConfig.errorsAndWarnings(context));
        }
    }

    @Test
    @Timeout(90)
    void underAnAsyncAppenderTheErrorIsMailedWhenMainReturnsAfterStoppingLogback() throws Exception {
        try (MailServer server = MailServer.start()) {
            ChildJvm child = ChildJvm.run(StopThenReturn.class, server.port(), "/logback/async.xml");
            assertEquals(0, child.exitCode(), child.output());
            List<MimeMessage> messages = server.messages();
            assertEquals(1, messages.size(), child.output());
            assertEquals(1, MailServer.events(messages.get(0)));
            assertTrue(MailServer.body(messages.get(0)).contains("export directory is read-only"));
        }
    }

    @Test
    @Timeout(90)
    void anErrorLoggedByAnotherShutdownHookAfterOursIsMailed() throws Exception {
        try (MailServer server = MailServer.start()) {
            ChildJvm child = ChildJvm.run(HookThenLog.class, server.port(), "/logback/shutdown-order.xml");
            assertEquals(0, child.exitCode(), child.output());
            assertFalse(child.output().contains("WARN in io.github.mailback")
                    || child.output().contains("ERROR in io.github.mailback"), child.output());
            List<MimeMessage> messages = server.messages();
            assertEquals(2, messages.stream().mapToLong(MailServer::events).sum(), child.output());
            assertTrue(messages.stream().anyMatch(m -> MailServer.body(m).contains("could not flush 3 pending orders")),
                    child.output());
        }
    }
}
