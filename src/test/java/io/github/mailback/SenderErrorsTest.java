package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sender survives everything but the JVM's end: an Error from a user's layout gives up that event
 * alone, the same Error twice replaces the layout, and an error of the JVM itself ends the thread with
 * what was pending counted as lost, which stop() says.
 */
@Timeout(60)
class SenderErrorsTest extends WithMailServer {
    /** A layout that throws what its supplier gives for a message starting with "poison". */
    public static final class PoisonedLayout extends LayoutBase<ILoggingEvent> {
        static volatile Supplier<Error> error = StackOverflowError::new;

        @Override
        public String doLayout(ILoggingEvent event) {
            if (event.getFormattedMessage().startsWith("poison")) {
                throw error.get();
            }
            return "user layout: " + event.getFormattedMessage() + "\n";
        }
    }

    private SmtpAppender appender() {
        context = new LoggerContext();
        context.setName("errors");
        context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());
        SmtpAppender a = new SmtpAppender();
        a.setContext(context);
        a.setName("EMAIL");
        a.setSmtpHost("127.0.0.1");
        a.setSmtpPort(server.port());
        a.setFrom("app@example.com");
        a.addTo("ops@example.com");
        a.setBatchWindow("0");
        a.setRepeatInterval("1 ms");
        a.setMaxRepeatInterval("1 ms");
        a.setRateLimit("1000/second");
        a.setBurst(1000);
        a.setVerifyOnStart(false);
        a.setRegisterShutdownHook(false);
        PoisonedLayout layout = new PoisonedLayout();
        layout.setContext(context);
        layout.start();
        a.setLayout(layout);
        a.start();
        context.getLogger("ROOT").addAppender(a);
        return a;
    }

    private long mailedEvents() {
        return server.messages().stream().mapToLong(MailServer::events).sum();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"StackOverflowError", "NoClassDefFoundError"})
    void aLayoutErrorGivesUpOneEventThenTheLayoutIsReplacedAndTheNextErrorIsMailed(String kind) throws Exception {
        PoisonedLayout.error = kind.equals("StackOverflowError") ? StackOverflowError::new
                : () -> new NoClassDefFoundError("com/acme/Missing");
        SmtpAppender a = appender();
        context.getLogger("com.example.App").error("poison 1");
        Await.until("the first event given up", Duration.ofSeconds(20), () -> a.getEventsFailed() == 1, a::counters);
        context.getLogger("com.example.App").error("poison 2");
        Await.until("the second event mailed", Duration.ofSeconds(20), () -> a.getEventsReported() == 1, a::counters);
        context.getLogger("com.example.App").error("fine again");
        Await.until("the third event mailed", Duration.ofSeconds(20), () -> a.getEventsReported() == 2, a::counters);

        assertEquals(2, mailedEvents());
        String statuses = LogbackConfig.statuses(context);
        assertEquals(2, statuses.split("with the default layout from now on", -1).length,
                () -> "one status names the layout's replacement:\n" + statuses);
        assertTrue(statuses.contains("The layout " + PoisonedLayout.class.getName() + " threw java.lang." + kind), statuses);
        assertTrue(statuses.contains(" twice; this appender formats events with the default layout from now on"), statuses);
        List<MimeMessage> messages = server.messages();
        String second = MailServer.body(messages.get(0));
        assertTrue(second.contains(" ERROR ") && second.contains(" com.example.App - poison 2"), "the default layout: " + second);
        String third = MailServer.body(messages.get(1));
        assertTrue(third.contains("com.example.App - fine again") && !third.contains("user layout:"), third);
    }

    @Test
    void anErrorOfTheJvmEndsTheSenderWithWhatWasPendingCountedLostAndStopSaysSo() {
        PoisonedLayout.error = () -> new InternalError("test: the JVM is broken");
        SmtpAppender a = appender();
        context.getLogger("com.example.App").error("poison: the sender ends here");
        Await.until("the sender's end", Duration.ofSeconds(20),
                () -> LogbackConfig.statuses(context).contains("The sender thread ended on java.lang.InternalError"),
                () -> LogbackConfig.statuses(context));
        context.getLogger("com.example.App").error("logged after the sender ended");
        a.stop();

        assertEquals(2, a.getTriggeringEvents());
        assertEquals(2, a.getEventsLost(), a::counters);
        assertEquals(0, a.getEventsReported());
        String errors = String.join("\n", LogbackConfig.errors(context));
        assertTrue(errors.contains("The sender thread had ended on java.lang.InternalError: test: the JVM is broken: 2 "
                + "error event(s) were not mailed"), errors);
    }
}
