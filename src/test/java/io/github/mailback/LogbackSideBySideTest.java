package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

/**
 * Logback's own SMTPAppender and mailback's, configured alike in one logback.xml and fed the same
 * events, against one GreenMail: what Logback sends is the expectation. Logback's appender sends on
 * the logging thread (asynchronousSending=false); mailback's sends when the context stops.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LogbackSideBySideTest extends WithMailServer {
    private Logger load(String resource, String logger) {
        context = LogbackConfig.load(resource, Map.of("smtpPort", String.valueOf(server.port())));
        assertTrue(LogbackConfig.appender(context, "EMAIL").isStarted(), () -> LogbackConfig.statuses(context));
        return context.getLogger(logger);
    }

    private List<MimeMessage> sentTo(String address) {
        return server.messages().stream().filter(m -> MailServer.header(m, "To").contains(address)).toList();
    }

    private static String part(MimeMessage m, String mimeType) throws Exception {
        Object content = m.getContent();
        if (content instanceof String s) {
            assertTrue(m.isMimeType(mimeType), m.getContentType());
            return s;
        }
        Multipart mp = (Multipart) content;
        for (int i = 0; i < mp.getCount(); i++) {
            BodyPart p = mp.getBodyPart(i);
            if (p.isMimeType(mimeType)) {
                return (String) p.getContent();
            }
        }
        throw new AssertionError("no " + mimeType + " part in " + m.getContentType());
    }

    private void logTheSameStory(Logger log, String errorMessage) {
        MDC.put("user", "u-17");
        log.debug("cart loaded: {} items", 3);
        log.info("charging card for order {}", 42);
        log.error(errorMessage, new IllegalStateException("card declined",
                new java.io.IOException("gateway said 402")));
        MDC.clear();
    }

    @Test
    void oneEventTheTextPartIsLogbacksBodyByteForByteAndTheSubjectTheSame() throws Exception {
        Logger log = load("/logback/side-by-side/pattern.xml", "com.example.shop.Payments");
        logTheSameStory(log, "Payment failed for order 42");
        context.stop();

        MimeMessage logback = only(sentTo("logback@example.com"));
        MimeMessage mailback = only(sentTo("mailback@example.com"));
        String expected = part(logback, "text/plain");
        // Joran trims the element text: the headers and footers have no line end of their own.
        assertTrue(expected.startsWith("=== orders: error report ===--- recent events, oldest first ---"), expected);
        assertTrue(expected.contains("Caused by: java.io.IOException: gateway said 402"), expected);
        assertSameText(expected, part(mailback, "text/plain"));
        assertEquals(MailServer.subject(logback), MailServer.subject(mailback));
        assertEquals("c.e.shop.Payments - Payment failed for order 42", MailServer.subject(mailback));
        // What mailback adds stays: the count header and the HTML part.
        assertEquals(1, MailServer.events(mailback));
        assertTrue(part(mailback, "text/html").contains("Payment failed for order 42"));
    }

    @Test
    void aMultiLineMessageGivesLogbacksFirstLineSubject() throws Exception {
        Logger log = load("/logback/side-by-side/pattern.xml", "com.example.shop.Payments");
        logTheSameStory(log, "Payment failed\r\nfor order 42\nthird line");
        context.stop();

        MimeMessage logback = only(sentTo("logback@example.com"));
        MimeMessage mailback = only(sentTo("mailback@example.com"));
        assertEquals("c.e.shop.Payments - Payment failed", MailServer.subject(logback).strip());
        assertEquals("c.e.shop.Payments - Payment failed", MailServer.subject(mailback));
        assertSameText(part(logback, "text/plain"), part(mailback, "text/plain"));
    }

    @Test
    void twoErrorsLogbacksTwoBodiesAreTheTwoFramedGroupsOfOneDigest() throws Exception {
        Logger log = load("/logback/side-by-side/pattern.xml", "com.example.shop.Payments");
        logTheSameStory(log, "Payment failed for order 42");
        context.getLogger("com.example.shop.Stock").info("recounting SKU {}", "55-1234");
        context.getLogger("com.example.shop.Stock").error("Stock went negative for SKU {}", "55-1234");
        context.stop();

        List<MimeMessage> logback = sentTo("logback@example.com");
        assertEquals(2, logback.size(), () -> LogbackConfig.statuses(context));
        String digest = part(only(sentTo("mailback@example.com")), "text/plain");
        String fileHeader = "=== orders: error report ===";
        String fileFooter = "=== sent by the orders service ===";
        assertTrue(digest.startsWith(fileHeader + "2 error events in 2 groups."), digest);
        assertTrue(digest.endsWith(fileFooter), digest);
        int at = 0;
        // The latest new error heads the digest: Logback's bodies appear in it newest first.
        for (MimeMessage m : List.of(logback.get(1), logback.get(0))) {
            String body = part(m, "text/plain");
            assertTrue(body.startsWith(fileHeader) && body.endsWith(fileFooter), body);
            String framedEvents = body.substring(fileHeader.length(), body.length() - fileFooter.length());
            int found = digest.indexOf(framedEvents, at);
            assertTrue(found > at, () -> "Logback's events\n" + framedEvents + "\nnot in order in the digest\n" + digest);
            at = found + framedEvents.length();
        }
    }

    @Test
    void htmlLayoutTheHtmlPartIsLogbacksHtmlBody() throws Exception {
        Logger log = load("/logback/side-by-side/html.xml", "com.example.Billing");
        logTheSameStory(log, "card refused <for> order & 42");
        context.stop();

        MimeMessage logback = only(sentTo("logback@example.com"));
        MimeMessage mailback = only(sentTo("mailback@example.com"));
        String expected = part(logback, "text/html");
        assertTrue(expected.startsWith("<!DOCTYPE html"), expected);
        // HTMLLayout writes the time of the call into its presentation header: the one byte range that differs.
        assertSameText(withoutSessionTime(expected), withoutSessionTime(part(mailback, "text/html")));
        assertEquals(MailServer.subject(logback), MailServer.subject(mailback));
        assertTrue(part(mailback, "text/plain").contains("ERROR [main] com.example.Billing - card refused <for> order & 42"));
    }

    @Test
    void htmlLayoutWithHtmlFalseStillSendsLogbacksHtmlBody() throws Exception {
        Logger log = load("/logback/side-by-side/html.xml", "com.example.Billing");
        SmtpAppender mailbackAppender = LogbackConfig.appender(context, "EMAIL");
        mailbackAppender.stop();
        mailbackAppender.setHtml(false);
        mailbackAppender.start();
        assertTrue(mailbackAppender.isStarted(), () -> LogbackConfig.statuses(context));
        logTheSameStory(log, "card refused");
        context.stop();

        String expected = part(only(sentTo("logback@example.com")), "text/html");
        String actual = part(only(sentTo("mailback@example.com")), "text/html");
        assertSameText(withoutSessionTime(expected), withoutSessionTime(actual));
    }

    /** Equal strings, or a failure that shows where they part, with line ends visible. */
    private static void assertSameText(String expected, String actual) {
        if (expected.equals(actual)) {
            return;
        }
        int i = 0;
        while (i < Math.min(expected.length(), actual.length()) && expected.charAt(i) == actual.charAt(i)) {
            i++;
        }
        int from = Math.max(0, i - 60);
        throw new AssertionError("differs at char " + i + " of " + expected.length() + "/" + actual.length()
                + "\nLogback:  " + visible(expected.substring(from, Math.min(expected.length(), i + 60)))
                + "\nmailback: " + visible(actual.substring(from, Math.min(actual.length(), i + 60))));
    }

    private static String visible(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n");
    }

    private static String withoutSessionTime(String html) {
        return html.replaceAll("Log session start time [^<]*", "Log session start time (removed)");
    }

    private MimeMessage only(List<MimeMessage> messages) {
        assertEquals(1, messages.size(), () -> LogbackConfig.statuses(context));
        return messages.get(0);
    }
}
