package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates are verified against the JDK's trust store or the one in Logback's {@code <ssl>} block,
 * and host names are verified as well. GreenMail's SMTPS certificate is self-signed and names no
 * host, so it is refused both ways, for different reasons.
 */
class TlsTest {
    @TempDir
    Path dir;

    @Test
    void anUntrustedCertificateIsRefused() {
        try (MailServer server = MailServer.startSmtps()) {
            LoggerContext context = LogbackConfig.load("/logback/smtps.xml",
                    Map.of("smtpPort", String.valueOf(server.port())));
            SmtpAppender appender = LogbackConfig.appender(context, "EMAIL");
            context.getLogger("com.example.App").error("disk failure");
            Await.until("a failure reported", Duration.ofSeconds(20),
                    () -> LogbackConfig.errorsAndWarnings(context).contains("error event"),
                    () -> LogbackConfig.statuses(context));
            String statuses = LogbackConfig.errorsAndWarnings(context);
            context.stop();
            assertEquals(0, server.messages().size());
            assertTrue(statuses.contains("PKIX") || statuses.contains("certification path"), statuses);
        }
    }

    @Test
    void theSslBlockTrustStoreIsUsedAndTheHostNameIsStillChecked() throws Exception {
        Path trustStore = dir.resolve("trust.p12");
        KeyStore greenMailKeys = KeyStore.getInstance("PKCS12");
        try (InputStream in = com.icegreen.greenmail.util.GreenMail.class.getResourceAsStream("/greenmail.p12")) {
            greenMailKeys.load(in, "changeit".toCharArray());
        }
        Certificate cert = greenMailKeys.getCertificate(greenMailKeys.aliases().nextElement());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("greenmail", cert);
        try (var out = Files.newOutputStream(trustStore)) {
            trust.store(out, "changeit".toCharArray());
        }

        try (MailServer server = MailServer.startSmtps()) {
            LoggerContext context = LogbackConfig.load("/logback/smtps-truststore.xml",
                    Map.of("smtpPort", String.valueOf(server.port()), "trustStore", trustStore.toUri().toString()));
            SmtpAppender appender = LogbackConfig.appender(context, "EMAIL");
            assertTrue(appender.isStarted(), () -> LogbackConfig.statuses(context));
            context.getLogger("com.example.App").error("disk failure");
            Await.until("a failure reported", Duration.ofSeconds(20),
                    () -> LogbackConfig.errorsAndWarnings(context).contains("error event"),
                    () -> LogbackConfig.statuses(context));
            String statuses = LogbackConfig.errorsAndWarnings(context);
            context.stop();
            assertEquals(0, server.messages().size());
            // Trusted now, so the chain is not the problem: the name is (the certificate names no host).
            assertFalse(statuses.contains("PKIX path building failed"), statuses);
            assertTrue(statuses.contains("subject alternative") || statuses.contains("No name matching")
                    || statuses.contains("IP address"), statuses);
        }
    }
}
