package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mailback.alert.AppFramesTest;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A new user's first email, through the appender and GreenMail: a Spring Boot controller fails with
 * a nested exception, logged by Tomcat's dispatcherServlet logger, with the README's configuration.
 */
class HeadlineTest extends WithMailServer {
    @Test
    void theFirstEmailNamesTheRootCauseAndShowsTheApplicationFrameAmongFewLines() throws Exception {
        context = LogbackConfig.load("/logback/headline.xml", Map.of("smtpPort", String.valueOf(server.port())));
        assertTrue(LogbackConfig.appender(context, "EMAIL").isStarted(), () -> LogbackConfig.statuses(context));
        context.getLogger("org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]")
                .error("Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception",
                        AppFramesTest.springChain());
        context.stop();
        List<MimeMessage> messages = server.messages();
        assertEquals(1, messages.size(), () -> LogbackConfig.statuses(context));
        MimeMessage m = messages.get(0);
        assertEquals("IllegalStateException: Order store unavailable while loading order 1 (DemoApplication.lookup)"
                + " on " + context.getName(), MailServer.subject(m)); // the test harness names each context
        assertTrue(MailServer.header(m, "X-Mailback-Fingerprint").matches("[0-9a-f]{16}"), MailServer.raw(m));
        assertTrue(MailServer.header(m, "References").matches("<mailback\\.group\\.[0-9a-f]{32}@example\\.com>"),
                MailServer.raw(m));
        assertEquals("IllegalStateException in DemoApplication.lookup on " + context.getName(),
                MailServer.header(m, "Thread-Topic").replaceAll("\\s+", " ")); // unfolded

        Multipart parts = (Multipart) m.getContent();
        String text = (String) parts.getBodyPart(0).getContent();
        long at = text.lines().filter(l -> l.startsWith("\tat ")).count();
        assertTrue(at <= 25, at + " at lines:\n" + text);
        assertTrue(text.contains("\tat com.example.demo.DemoApplication.lookup(DemoApplication.java:41)"), text);
        assertTrue(text.contains("frames in org.springframework"), text);
        String html = (String) parts.getBodyPart(1).getContent();
        assertTrue(html.contains("com.example.demo.DemoApplication.lookup(DemoApplication.java:41)"), html);
        assertTrue(html.contains("frames in org.springframework"), "the HTML part folds too");
        assertTrue(html.contains(">" + context.getName() + "</span>"), "the HTML header names the service");
    }

    /** The service property names the service where the context's name would (the starter sets it). */
    @Test
    void theServicePropertyNamesTheServiceInTheSubjectTheTopicAndTheHtmlHeader() throws Exception {
        context = LogbackConfig.load("/logback/headline.xml", Map.of("smtpPort", String.valueOf(server.port())));
        SmtpAppender appender = LogbackConfig.appender(context, "EMAIL");
        appender.stop();
        appender.setService("orders-api");
        appender.start();
        assertTrue(appender.isStarted(), () -> LogbackConfig.statuses(context));
        context.getLogger("com.example.demo.DemoApplication").error("lookup failed", AppFramesTest.springChain());
        context.stop();
        MimeMessage m = server.messages().get(0);
        assertTrue(MailServer.subject(m).endsWith(" on orders-api"), MailServer.subject(m));
        assertTrue(MailServer.header(m, "Thread-Topic").replaceAll("\\s+", " ").endsWith(" on orders-api"),
                MailServer.raw(m));
        String html = (String) ((Multipart) m.getContent()).getBodyPart(1).getContent();
        assertTrue(html.contains(">orders-api</span>"), "the HTML header names the service");
    }
}
