package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ch.qos.logback.classic.LoggerContext;
import jakarta.mail.Address;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

/**
 * The header property, the supported way to add headers that Logback's users got by overriding
 * updateMimeMsg: patterns on the main event, and nothing in the data can add a header.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HeaderPropertyTest {
    @Test
    void headerPatternsAreEvaluatedOnTheEventAndCannotAddAHeaderOrARecipient() throws Exception {
        try (MailServer server = MailServer.start()) {
            LoggerContext context = LogbackConfig.load("/logback/headers.xml",
                    Map.of("smtpPort", String.valueOf(server.port()), "ENV", "production"));
            try {
                MDC.put("requestId", "r-17\r\nBcc: victim@evil.example\r\nX-Injected: yes");
                context.getLogger("com.example.Checkout").error("payment failed");
            } finally {
                MDC.clear();
            }
            context.stop();

            List<MimeMessage> messages = server.messages();
            assertEquals(1, messages.size(), () -> LogbackConfig.statuses(context));
            MimeMessage m = messages.get(0);
            assertArrayEquals(new String[] {"production"}, m.getHeader("X-Env"));
            assertArrayEquals(new String[] {"r-17 Bcc: victim@evil.example X-Injected: yes"}, m.getHeader("X-Request"));
            assertArrayEquals(new String[] {"Checkout on main"}, m.getHeader("X-Source"));
            assertNull(m.getHeader("X-Empty"), "an empty value gives no header");
            assertNull(m.getHeader("X-Injected"));
            assertNull(m.getHeader("Bcc"));
            Address[] to = m.getRecipients(RecipientType.TO);
            assertEquals(1, to.length);
            assertEquals("ops@example.com", to[0].toString());
            assertEquals(1, MailServer.events(m));
        }
    }

    @Test
    void theConfigurationCheckEmailCarriesTheHeadersToo() throws Exception {
        try (MailServer server = MailServer.start()) {
            LoggerContext context = LogbackConfig.load("/logback/headers.xml",
                    Map.of("smtpPort", String.valueOf(server.port()), "ENV", "staging"));
            try {
                LogbackConfig.appender(context, "EMAIL").sendTestEmail(null);
                MimeMessage m = server.messages().get(0);
                assertArrayEquals(new String[] {"staging"}, m.getHeader("X-Env"));
                assertEquals(0, MailServer.events(m));
            } finally {
                context.stop();
            }
        }
    }
}
