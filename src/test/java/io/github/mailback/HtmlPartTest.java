package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The html property through the appender: on by default next to an intact text part, off on request. */
class HtmlPartTest extends WithMailServer {
    private MimeMessage mailOneError(String resource, String message) {
        context = LogbackConfig.load(resource, Map.of("smtpHost", "127.0.0.1", "smtpPort",
                String.valueOf(server.port()), "to", "ops@example.com", "to2", "dev@example.com", "from",
                "app@example.com"));
        assertTrue(LogbackConfig.appender(context, "EMAIL").isStarted(), () -> LogbackConfig.statuses(context));
        context.getLogger("com.example.shop.Orders").info("order 42 accepted");
        context.getLogger("com.example.shop.Orders").error(message, new IllegalStateException("disk full"));
        context.stop(); // sends the pending digest at once
        List<MimeMessage> messages = server.messages();
        assertTrue(messages.size() >= 1, () -> LogbackConfig.statuses(context));
        return messages.get(0);
    }

    @Test
    void byDefaultTheEmailIsTextThenHtmlAlternatives() throws Exception {
        MimeMessage m = mailOneError("/logback/mail1.xml", "Something failed: <script>alert(1)</script>");
        assertTrue(m.isMimeType("multipart/alternative"), m.getContentType());
        Multipart mp = (Multipart) m.getContent();
        assertEquals(2, mp.getCount());
        BodyPart text = mp.getBodyPart(0);
        BodyPart html = mp.getBodyPart(1);
        assertTrue(text.isMimeType("text/plain"), text.getContentType());
        assertTrue(html.isMimeType("text/html"), html.getContentType());

        // One event: the text part is Logback's body, the layout's lines without a digest summary.
        String plain = (String) text.getContent();
        assertTrue(plain.matches("(?s)\\S+ \\S+ INFO  com.example.shop.Orders - order 42 accepted\r?\n.*"), plain);
        assertFalse(plain.contains("error event"), plain);
        assertTrue(plain.contains("ERROR com.example.shop.Orders - Something failed: <script>alert(1)</script>"), plain);

        String page = (String) html.getContent();
        assertTrue(page.contains("<meta name=\"color-scheme\" content=\"light dark\">"), page);
        assertTrue(page.contains("1 error event in 1 group"), page);
        assertTrue(page.contains("Something failed: &lt;script&gt;alert(1)&lt;/script&gt;"), page);
        assertFalse(page.contains("<script"), page);
        assertTrue(page.contains("java.lang.IllegalStateException: disk full"), page);
        assertTrue(page.contains("Sent by mailback (appender EMAIL) for " + context.getName() + " on "), page);
    }

    @Test
    void htmlFalseSendsTheTextPartAlone() throws Exception {
        MimeMessage m = mailOneError("/logback/htmlOff.xml", "Something failed");
        assertTrue(m.isMimeType("text/plain"), m.getContentType());
        assertTrue(((String) m.getContent()).contains("ERROR com.example.shop.Orders - Something failed"));
    }

    @Test
    void withHtmlLayoutTheHtmlPartIsTheLayoutsDocumentAndTheTextPartUsesTheDefaultPattern() throws Exception {
        assertHtmlLayoutDocument(mailOneError("/logback/mail2.xml", "card refused"));
    }

    @Test
    void withHtmlLayoutAndHtmlFalseTheLayoutsDocumentIsStillTheHtmlPart() throws Exception {
        assertHtmlLayoutDocument(mailOneError("/logback/htmlLayoutHtmlOff.xml", "card refused"));
    }

    private static void assertHtmlLayoutDocument(MimeMessage m) throws Exception {
        assertTrue(m.isMimeType("multipart/alternative"), m.getContentType());
        Multipart mp = (Multipart) m.getContent();
        String plain = (String) mp.getBodyPart(0).getContent();
        String page = (String) mp.getBodyPart(1).getContent();
        assertTrue(plain.contains("ERROR [main] com.example.shop.Orders - card refused"), plain);
        assertFalse(plain.contains("<td"), plain);
        // HTMLLayout's file header (doctype, stylesheet), presentation header, rows, footers, in Logback's order.
        assertTrue(page.startsWith("<!DOCTYPE html"), page);
        assertTrue(page.indexOf("<style") < page.indexOf("Log session start time"), page);
        assertTrue(page.indexOf("Log session start time") < page.indexOf("class=\"Message\">order 42 accepted</td>"), page);
        assertTrue(page.indexOf("order 42 accepted") < page.indexOf("class=\"Message\">card refused</td>"), page);
        assertTrue(page.indexOf("card refused") < page.lastIndexOf("</table>"), page);
        assertTrue(page.stripTrailing().endsWith("</html>"), page);
        assertFalse(page.contains("mb-grid"), "no mailback template around it");
    }
}
