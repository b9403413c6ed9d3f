package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** to as a pattern on the triggering event, comma lists, cc, bcc, replyTo and an HTML part. */
class RecipientsTest {
    @Test
    void patternsListsCopiesAndBlindCopiesReachEveryoneAndBccStaysHidden() throws Exception {
        try (MailServer server = MailServer.start()) {
            LoggerContext context = LogbackConfig.load("/logback/recipients.xml",
                    Map.of("smtpPort", String.valueOf(server.port())));
            try {
                MDC.put("team", "payments");
                context.getLogger("com.example.Pay").error("refund failed");
            } finally {
                MDC.clear();
            }
            context.stop();

            List<MimeMessage> copies = server.messages();
            Set<String> delivered = copies.stream().map(m -> {
                try {
                    return Arrays.toString(m.getAllRecipients());
                } catch (jakarta.mail.MessagingException e) {
                    throw new AssertionError(e);
                }
            }).collect(Collectors.toSet());
            assertEquals(5, copies.size(), () -> delivered + "\n" + LogbackConfig.statuses(context));
            MimeMessage m = copies.get(0);
            String to = Arrays.toString(m.getRecipients(RecipientType.TO));
            assertTrue(to.contains("payments@example.com") && to.contains("duty@example.com")
                    && to.contains("lead@example.com"), to);
            assertEquals("audit@example.com", m.getRecipients(RecipientType.CC)[0].toString());
            assertNull(m.getHeader("Bcc"));
            assertEquals("support@example.com", m.getReplyTo()[0].toString());
            assertTrue(m.getFrom()[0].toString().contains("app@example.com"));
            String raw = MailServer.raw(m);
            assertTrue(raw.contains("multipart/alternative") && raw.contains("text/html"), raw);
            // No out-of-office reply may come back (RFC 3834; Exchange reads its own header).
            assertEquals("auto-generated", MailServer.header(m, "Auto-Submitted"));
            assertEquals("All", MailServer.header(m, "X-Auto-Response-Suppress"));
        }
    }
}
