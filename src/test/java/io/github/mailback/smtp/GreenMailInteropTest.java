package io.github.mailback.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.github.mailback.testing.TestCertificates;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client against GreenMail in-process: plain SMTP, SMTPS with the test key store, and AUTH. */
@Timeout(30)
class GreenMailInteropTest {
    private static final TestCertificates CERTS = TestCertificates.get();

    static {
        // GreenMail's TLS server socket factory reads its key store from these properties when first used.
        System.setProperty("greenmail.tls.keystore.file", CERTS.keyStoreFile().toString());
        System.setProperty("greenmail.tls.keystore.password", TestCertificates.PASSWORD);
        System.setProperty("greenmail.tls.key.password", TestCertificates.PASSWORD);
    }

    @RegisterExtension
    static final GreenMailExtension GREENMAIL = new GreenMailExtension(
            ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP, ServerSetupTest.SMTPS}))
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alice@example.com", "alice", "s3cret"))
            .withPerMethodLifecycle(true);

    private static SmtpClient.Builder client(int port) {
        return SmtpClient.builder().host("127.0.0.1").port(port).heloName("client.test")
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(10));
    }

    private static MailContent message(String subject, String body) {
        return MailContent.of(("From: app@example.com\r\nTo: ops@example.com\r\nSubject: " + subject
                + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void plainSmtpDeliversToEveryRecipient() throws Exception {
        SendResult r = client(GREENMAIL.getSmtp().getPort()).build().send(
                Envelope.of("app@example.com", "ops@example.com", "hidden@example.com"),
                message("plain", "line one\n.\nline three"));
        assertEquals(List.of("ops@example.com", "hidden@example.com"), r.accepted());
        assertTrue(GREENMAIL.waitForIncomingEmail(5000, 2));
        MimeMessage[] received = GREENMAIL.getReceivedMessages();
        assertEquals(2, received.length);
        assertEquals("plain", received[0].getSubject());
        // GreenMail drops the final CRLF of the content when it stores the message.
        assertEquals("line one\r\n.\r\nline three", GreenMailUtil.getBody(received[0]));
        // Two copies were delivered although the header names one recipient: the other was only in the envelope.
        assertEquals(1, received[0].getRecipients(Message.RecipientType.TO).length);
    }

    @Test
    void smtpsWithTheTestKeyStore() throws Exception {
        try (SmtpConnection c = client(GREENMAIL.getSmtps().getPort()).host("localhost").tls(TlsMode.SMTPS)
                .sslContext(CERTS.clientContext()).build().connect()) {
            assertTrue(c.isEncrypted());
            c.send(Envelope.of("app@example.com", "ops@example.com"), message("smtps", "over TLS"));
        }
        assertTrue(GREENMAIL.waitForIncomingEmail(5000, 1));
        assertEquals("smtps", GREENMAIL.getReceivedMessages()[0].getSubject());
    }

    @Test
    void smtpsCertificateIsCheckedByDefault() throws IOException {
        SmtpClient client = client(GREENMAIL.getSmtps().getPort()).host("localhost").tls(TlsMode.SMTPS).build();
        assertThrows(SmtpException.class, client::connect);
    }

    @Test
    @Timeout(15)
    void aPlainClientOnTheSmtpsPortIsToldToUseSsl() {
        // A read timeout of a minute: the hint must come from the probe within seconds, not from the timeout.
        SmtpClient client = client(GREENMAIL.getSmtps().getPort()).readTimeout(Duration.ofSeconds(60)).build();
        SmtpException e = assertThrows(SmtpException.class, client::connect);
        assertTrue(e.getMessage().contains("speaks implicit TLS: use SSL / --tls smtps"), e.getMessage());
        assertFalse(e.isTransient(), "a wrong port does not heal: " + e);
    }

    @Test
    @Timeout(15)
    void aStartTlsClientOnTheSmtpsPortIsToldToUseSsl() {
        SmtpClient client = client(GREENMAIL.getSmtps().getPort()).host("localhost").tls(TlsMode.STARTTLS)
                .sslContext(CERTS.clientContext()).readTimeout(Duration.ofSeconds(60)).build();
        SmtpException e = assertThrows(SmtpException.class, client::connect);
        assertTrue(e.getMessage().contains("use SSL / --tls smtps"), e.getMessage());
    }

    @Test
    void anSmtpsClientOnThePlainPortIsToldToUseStartTls() {
        SmtpClient client = client(GREENMAIL.getSmtp().getPort()).host("localhost").tls(TlsMode.SMTPS)
                .sslContext(CERTS.clientContext()).build();
        SmtpException e = assertThrows(SmtpException.class, client::connect);
        assertTrue(e.getMessage().contains("speaks plain SMTP: use STARTTLS / --tls starttls"), e.getMessage());
        assertFalse(e.isTransient(), e.toString());
    }

    @Test
    void aCertificateFailureOnTheSmtpsPortGetsNoPortHint() {
        SmtpClient client = client(GREENMAIL.getSmtps().getPort()).host("localhost").tls(TlsMode.SMTPS).build();
        SmtpException e = assertThrows(SmtpException.class, client::connect);
        assertFalse(e.getMessage().contains("plain SMTP"), e.getMessage());
    }

    @Test
    void authWithAGreenMailUser() throws Exception {
        client(GREENMAIL.getSmtp().getPort()).credentials("alice", "s3cret").build()
                .send(Envelope.of("alice@example.com", "ops@example.com"), message("auth", "authenticated"));
        assertTrue(GREENMAIL.waitForIncomingEmail(5000, 1));
    }

    @Test
    void authWithAWrongPasswordIsRefused() throws IOException {
        SmtpClient client = client(GREENMAIL.getSmtp().getPort()).credentials("alice", "wrong").build();
        SmtpException e = assertThrows(SmtpException.class,
                () -> client.send(Envelope.of("alice@example.com", "ops@example.com"), message("auth", "x")));
        assertEquals(535, e.code());
        assertEquals(0, GREENMAIL.getReceivedMessages().length);
    }

    @Test
    void manyMessagesOnOneConnection() throws IOException {
        try (SmtpConnection c = client(GREENMAIL.getSmtp().getPort()).build().connect()) {
            for (int i = 0; i < 5; i++) {
                c.send(Envelope.of("app@example.com", "ops@example.com"), message("n" + i, "body " + i));
            }
        }
        assertTrue(GREENMAIL.waitForIncomingEmail(5000, 5));
    }
}
