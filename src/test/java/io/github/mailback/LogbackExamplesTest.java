package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;

/** The SMTPAppender examples of Logback's manual, with only the class name changed, against GreenMail. */
class LogbackExamplesTest extends WithMailServer {
    private LoggerContext load(String resource) {
        context = LogbackConfig.load(resource, Map.of("smtpHost", "127.0.0.1", "smtpPort", String.valueOf(server.port()),
                "to", "ops@example.com", "to2", "dev@example.com", "from", "app@example.com"));
        SmtpAppender appender = LogbackConfig.appender(context, "EMAIL");
        assertTrue(appender.isStarted(), () -> "appender not started:\n" + LogbackConfig.statuses(context));
        return context;
    }

    @Test
    void mail1PatternLayoutMailsBothRecipientsAfterTheBatchWindowWithoutStopping() throws Exception {
        load("/logback/mail1.xml");
        Logger log = context.getLogger("com.example.shop.Orders");
        log.debug("starting order {}", 42);
        log.error("Something failed: {}", "disk full");

        Await.until("one email to two recipients", Duration.ofSeconds(30), () -> server.messages().size() == 2,
                () -> LogbackConfig.statuses(context));
        MimeMessage m = server.messages().get(0);
        assertTrue(MailServer.subject(m).startsWith("c.e.shop.Orders - Something failed: disk full"), MailServer.subject(m));
        assertEquals(1, MailServer.events(m));
        String to = MailServer.header(m, "To");
        assertTrue(to.contains("ops@example.com") && to.contains("dev@example.com"), to);
        String body = MailServer.body(m);
        assertTrue(body.contains("DEBUG com.example.shop.Orders - starting order 42"), body);
        assertTrue(body.contains("ERROR com.example.shop.Orders - Something failed: disk full"), body);
        // One event: the text part is the layout's lines alone, as Logback's body; no digest summary.
        String text = (String) ((jakarta.mail.Multipart) m.getContent()).getBodyPart(0).getContent();
        assertTrue(text.matches("(?s)\\S+ \\S+ DEBUG com.example.shop.Orders - starting order 42\r?\n.*"), text);
        assertFalse(text.contains("error event"), text);
        SmtpAppender appender = LogbackConfig.appender(context, "EMAIL");
        Await.until("the counters to show the email", Duration.ofSeconds(10), () -> appender.getEmailsSent() == 1);
        assertEquals(1, appender.getEventsReported());
    }

    @Test
    void mail2HtmlLayoutGivesAnHtmlPartAndTheStopSendsAtOnce() {
        load("/logback/mail2.xml");
        Logger log = context.getLogger("com.example.Billing");
        log.info("charging card");
        log.error("card refused", new IllegalStateException("declined"));
        context.stop();

        List<MimeMessage> messages = server.messages();
        assertEquals(1, messages.size(), () -> LogbackConfig.statuses(context));
        String raw = MailServer.raw(messages.get(0));
        assertTrue(raw.contains("text/html"), raw);
        assertTrue(raw.contains("text/plain"), raw);
        String body = MailServer.body(messages.get(0));
        assertTrue(body.contains("<!DOCTYPE html"), "HTMLLayout's file header: " + body);
        assertTrue(body.contains("<table"), body);
        assertTrue(body.contains("charging card"), body);
        assertTrue(body.contains("java.lang.IllegalStateException: declined"), body);
    }

    @Test
    void mailWithMarkerTriggersOnTheMarkersOnly() {
        load("/logback/mailWithMarker.xml");
        Logger log = context.getLogger("com.example.Admin");
        log.error("an error without marker");
        log.warn(MarkerFactory.getMarker("NOTIFY_ADMIN"), "disk at 91%");
        log.info(MarkerFactory.getMarker("ANOTHER_MARKER"), "backup done");
        SmtpAppender appender = LogbackConfig.appender(context, "EMAIL");
        assertEquals(2, appender.getTriggeringEvents());
        context.stop();

        List<MimeMessage> messages = server.messages();
        assertEquals(1, messages.size(), () -> LogbackConfig.statuses(context));
        assertEquals(2, MailServer.events(messages.get(0)));
        String body = MailServer.body(messages.get(0));
        assertTrue(body.contains("disk at 91%") && body.contains("backup done"), body);
    }

    @Test
    void customBufferSizeOfOneKeepsNoEarlierContext() {
        load("/logback/customBufferSize.xml");
        Logger log = context.getLogger("com.example.Jobs");
        log.debug("first debug line");
        log.debug("second debug line");
        log.error("job crashed");
        context.stop();

        List<MimeMessage> messages = server.messages();
        assertEquals(1, messages.size(), () -> LogbackConfig.statuses(context));
        assertTrue(MailServer.subject(messages.get(0)).startsWith("TESTING: com.example.Jobs - job crashed"),
                MailServer.subject(messages.get(0)));
        String body = MailServer.body(messages.get(0));
        assertTrue(body.contains("job crashed"), body);
        assertFalse(body.contains("debug line"), body);
    }

    @Test
    void mdcDiscriminatorKeepsTheContextOfEachKeyApart() {
        load("/logback/mailWithMDCBasedDiscriminator.xml");
        Logger log = context.getLogger("com.example.Web");
        MDC.put("req.remoteHost", "10.0.0.1");
        log.debug("request from one");
        MDC.put("req.remoteHost", "10.0.0.2");
        log.debug("request from two");
        MDC.put("req.remoteHost", "10.0.0.1");
        log.error("handler failed");
        MDC.clear();
        context.stop();

        List<MimeMessage> messages = server.messages();
        assertEquals(1, messages.size(), () -> LogbackConfig.statuses(context));
        String subject = MailServer.subject(messages.get(0));
        assertTrue(subject.contains("-- 10.0.0.1 handler failed"), subject);
        String body = MailServer.body(messages.get(0));
        assertTrue(body.contains("request from one"), body);
        assertFalse(body.contains("request from two"), body);
    }

    @Test
    void theFinalizeSessionMarkerEndsTheBufferOfItsKey() {
        load("/logback/mailWithMDCBasedDiscriminator.xml");
        Logger log = context.getLogger("com.example.Web");
        MDC.put("req.remoteHost", "10.0.0.1");
        log.debug("old request");
        log.info(ch.qos.logback.classic.ClassicConstants.FINALIZE_SESSION_MARKER, "session over");
        log.debug("new request");
        log.error("handler failed");
        MDC.clear();
        context.stop();

        List<MimeMessage> messages = server.messages();
        assertEquals(1, messages.size(), () -> LogbackConfig.statuses(context));
        String body = MailServer.body(messages.get(0));
        assertTrue(body.contains("new request"), body);
        assertFalse(body.contains("old request"), body);
    }

    @Test
    void mail3CustomEvaluatorTriggersOnEverySixteenthEvent() {
        load("/logback/mail3.xml");
        Logger log = context.getLogger("com.example.Counter");
        for (int i = 1; i <= 40; i++) {
            log.debug("event {}", i);
        }
        assertEquals(2, LogbackConfig.appender(context, "EMAIL").getTriggeringEvents());
        context.stop();

        long total = server.messages().stream().mapToLong(MailServer::events).sum();
        assertEquals(2, total, () -> LogbackConfig.statuses(context));
    }
}
