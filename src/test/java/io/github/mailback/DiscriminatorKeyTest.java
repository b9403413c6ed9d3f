package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.sift.AbstractDiscriminator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A discriminator that gives no key for an event puts it in a ring of its own: the ERROR is mailed. */
@Timeout(60)
class DiscriminatorKeyTest extends WithMailServer {
    /** Started, but with no key for events without a tenant, as a user's own discriminator may be. */
    static final class TenantDiscriminator extends AbstractDiscriminator<ILoggingEvent> {
        @Override
        public String getDiscriminatingValue(ILoggingEvent e) {
            return e.getMDCPropertyMap().get("tenant");
        }

        @Override
        public String getKey() {
            return "tenant";
        }
    }

    @Test
    void anEventWithoutAKeyIsMailedWithItsContext() {
        context = new LoggerContext();
        context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());
        SmtpAppender a = new SmtpAppender();
        a.setContext(context);
        a.setName("EMAIL");
        a.setSmtpHost("127.0.0.1");
        a.setSmtpPort(server.port());
        a.setFrom("app@example.com");
        a.addTo("ops@example.com");
        a.setBatchWindow("0");
        a.setVerifyOnStart(false);
        a.setRegisterShutdownHook(false);
        TenantDiscriminator d = new TenantDiscriminator();
        d.start();
        a.setDiscriminator(d);
        a.start();
        context.getLogger("ROOT").addAppender(a);

        context.getLogger("com.example.App").info("no tenant yet");
        context.getLogger("com.example.App").error("failed without a tenant");
        Await.until("the email", Duration.ofSeconds(20), () -> a.getEventsReported() == 1, a::counters);
        assertEquals(1, server.messages().size());
        String body = MailServer.body(server.messages().get(0));
        org.junit.jupiter.api.Assertions.assertTrue(body.contains("no tenant yet"), "its context too: " + body);
    }
}
