package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import jakarta.mail.Address;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Line breaks in logged data or in the subject pattern never turn into headers or recipients. */
class HeaderInjectionTest {
    @Test
    void crlfInTheMessageAndInTheSubjectPatternAddsNoHeaderAndNoRecipient() throws MessagingException {
        try (MailServer server = MailServer.start()) {
            LoggerContext context = LogbackConfig.load("/logback/injection.xml",
                    Map.of("smtpPort", String.valueOf(server.port())));
            context.getLogger("com.example.Login").error(
                    "login failed for {}", "eve\r\nBcc: victim@evil.example\r\nX-Injected: yes\r\n\r\nbody?");
            context.stop();

            List<MimeMessage> messages = server.messages();
            assertEquals(1, messages.size(), () -> LogbackConfig.statuses(context));
            MimeMessage m = messages.get(0);
            assertNull(m.getHeader("X-Injected"));
            assertNull(m.getHeader("X-Evil"));
            assertNull(m.getHeader("Bcc"));
            Address[] to = m.getRecipients(RecipientType.TO);
            assertEquals(1, to.length);
            assertEquals("ops@example.com", to[0].toString());
            // As in Logback (LOGBACK-865), the subject ends at the first line feed; the CR before it is cleaned.
            assertEquals("com.example.Login - login failed for eve", MailServer.subject(m));
            // The logged text is still in the body, as data.
            assertTrue(MailServer.body(m).contains("X-Injected: yes"));
        }
    }
}
