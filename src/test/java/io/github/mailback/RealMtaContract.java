package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.LoggerContext;
import io.github.mailback.mime.Address;
import io.github.mailback.mime.Message;
import io.github.mailback.mime.MessageWriter;
import io.github.mailback.smtp.Envelope;
import io.github.mailback.smtp.MailContent;
import io.github.mailback.smtp.SendResult;
import io.github.mailback.smtp.SmtpClient;
import io.github.mailback.smtp.SmtpConnection;
import io.github.mailback.smtp.SmtpException;
import io.github.mailback.smtp.TlsMode;
import io.github.mailback.testing.RealMta;
import io.github.mailback.testing.TestCertificates;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every real server in the suite must do with mailback: each TLS and AUTH mode delivers a message
 * with a non-ASCII subject, dot lines and a 5,000-character line into the Maildir, through the client
 * API and through the appender (the long line makes the body quoted-printable, which the Maildir
 * check decodes); and the faults: a wrong password, clear text on the STARTTLS port, STARTTLS not
 * offered, a SIZE refusal and a greylisted recipient. A subclass per server starts it once for its tests.
 */
@Timeout(30)
abstract class RealMtaContract {
    static final TestCertificates CERTS = TestCertificates.get();
    /** One line of 5,000 characters, with non-ASCII letters and spaces, as the text body's middle line. */
    static final String LONG_LINE = "Größe 0123456789 abcdefghij Zürich ".repeat(200).substring(0, 5000);
    static final String BODY = "First line\n.\n..\n.hidden by a leading dot\n" + LONG_LINE + "\nLast line";

    @TempDir
    static Path trustStores;

    /** The server under test, started by the subclass. */
    abstract RealMta mta();

    /**
     * Skips the test class with {@code missing} as the reason, printed too; fails instead when
     * {@code MAILBACK_REQUIRE_MTAS=1} (CI), so that CI never skips them by mistake.
     */
    static void skipWhenMissing(Class<?> test, String missing) {
        if (missing == null) {
            return;
        }
        if ("1".equals(System.getenv("MAILBACK_REQUIRE_MTAS"))) {
            fail(test.getSimpleName() + " cannot run and MAILBACK_REQUIRE_MTAS=1: " + missing);
        }
        System.err.println(test.getSimpleName() + " skipped: " + missing);
        assumeTrue(false, missing);
    }

    private SmtpClient.Builder client(TlsMode tls, int port) {
        return SmtpClient.builder().host("localhost").port(port).tls(tls).sslContext(CERTS.clientContext())
                .heloName("client.test").connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(10));
    }

    private SmtpClient.Builder submission() {
        return client(TlsMode.STARTTLS, mta().startTlsPort()).credentials(RealMta.USER, RealMta.PASSWORD);
    }

    private static String marker() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static Message message(String subject, String... to) {
        Message.Builder b = Message.builder().from(Address.of(RealMta.USER)).subject(subject).text(BODY);
        for (String r : to) {
            b.to(Address.of(r));
        }
        return b.build();
    }

    private MimeMessage delivered(String marker) {
        return mta().maildir().awaitSubject(marker, mta()::log);
    }

    /** The text of a parsed message (its text/plain part when it has an HTML one too), with LF line ends. */
    private static String text(MimeMessage m) throws Exception {
        Object content = m.getContent();
        if (content instanceof Multipart parts) {
            for (int i = 0; i < parts.getCount(); i++) {
                if (parts.getBodyPart(i).isMimeType("text/plain")) {
                    content = parts.getBodyPart(i).getContent();
                }
            }
        }
        return ((String) content).replace("\r\n", "\n");
    }

    private void deliversThrough(SmtpClient client, boolean allow8bit) throws Exception {
        String subject = "Störung ☃ " + marker() + " – 東京";
        Message m = message(subject, RealMta.MAILBOX);
        try (SmtpConnection c = client.connect()) {
            assertTrue(c.isEncrypted());
            SendResult r = c.send(m.envelope(), MessageWriter.content(m, allow8bit));
            assertEquals(List.of(RealMta.MAILBOX), r.accepted());
        }
        MimeMessage got = delivered(subject);
        assertEquals(subject, got.getSubject());
        assertEquals(BODY, text(got).stripTrailing());
    }

    @Test
    void startTlsWithAuthDeliversIntact() throws Exception {
        deliversThrough(submission().build(), true);
    }

    @Test
    void smtpsWithAuthDeliversIntact() throws Exception {
        deliversThrough(client(TlsMode.SMTPS, mta().smtpsPort()).credentials(RealMta.USER, RealMta.PASSWORD).build(),
                false);
    }

    /** Logs one error through the appender of {@code real-mta.xml}, and returns its context, stopped. */
    private LoggerContext throughTheAppender(int port, boolean startTls, String to, String firstLine) throws Exception {
        LoggerContext context = LogbackConfig.load("/logback/real-mta.xml", Map.of("smtpPort", String.valueOf(port),
                "startTls", String.valueOf(startTls), "smtps", String.valueOf(!startTls), "to", to,
                "trustStore", trustStore().toUri().toString()));
        assertTrue(LogbackConfig.appender(context, "EMAIL").isStarted(), () -> LogbackConfig.statuses(context));
        context.getLogger("com.example.Billing").error(firstLine + "\n" + BODY);
        context.stop();
        return context;
    }

    private void appenderDelivers(int port, boolean startTls) throws Exception {
        String firstLine = "Zahlung fehlgeschlagen ☃ " + marker();
        LoggerContext context = throughTheAppender(port, startTls, RealMta.MAILBOX, firstLine);
        assertEquals("", LogbackConfig.errorsAndWarnings(context));
        MimeMessage got = delivered(firstLine);
        assertTrue(got.getSubject().contains(firstLine), got.getSubject());
        String text = text(got);
        assertTrue(text.contains("\n" + BODY + "\n"), text);
        assertEquals("1", got.getHeader("X-Mailback-Events", null));
    }

    @Test
    void appenderOverStartTlsWithAuthDeliversIntact() throws Exception {
        appenderDelivers(mta().startTlsPort(), true);
    }

    @Test
    void appenderOverSmtpsWithAuthDeliversIntact() throws Exception {
        appenderDelivers(mta().smtpsPort(), false);
    }

    @Test
    void wrongPasswordIsRefusedWith535() {
        String wrong = "not-" + RealMta.PASSWORD;
        SmtpClient client = client(TlsMode.STARTTLS, mta().startTlsPort()).credentials(RealMta.USER, wrong).build();
        SmtpException e = assertThrows(SmtpException.class, client::connect);
        assertEquals(535, e.code(), e::toString);
        assertFalse(e.isTransient());
        assertFalse(e.getMessage().contains(wrong), e.getMessage());
    }

    @Test
    void startTlsNotOfferedIsAFailureNotClearText() throws IOException {
        try (SmtpConnection clear = client(TlsMode.NONE, mta().plainPort()).build().connect()) {
            assertFalse(clear.capabilities().startTls(), clear.capabilities().toString());
        }
        SmtpClient client = client(TlsMode.STARTTLS, mta().plainPort()).credentials(RealMta.USER, RealMta.PASSWORD)
                .build();
        SmtpException e = assertThrows(SmtpException.class, client::connect);
        assertTrue(e.getMessage().contains("STARTTLS is required but localhost does not offer it"), e.getMessage());
        assertFalse(e.isTransient());
    }

    @Test
    void clearTextIsRefusedOnTheStartTlsPort() {
        Message m = message("clear text " + marker(), RealMta.MAILBOX);
        SmtpException e = assertThrows(SmtpException.class,
                () -> client(TlsMode.NONE, mta().startTlsPort()).build().send(m.envelope(), MessageWriter.content(m, true)));
        assertEquals(5, e.code() / 100, e::toString);
        assertTrue(e.getMessage().contains("STARTTLS"), e.getMessage());
    }

    /** A message larger than the SIZE the server offers is refused before MAIL: the session stays usable. */
    @Test
    void messageOverTheAdvertisedSizeIsRefusedBeforeSending() throws Exception {
        byte[] big = ("Subject: too big\r\n\r\n" + "x".repeat(998) + "\r\n").repeat(120).getBytes();
        try (SmtpConnection c = submission().build().connect()) {
            assertEquals(RealMta.SIZE_LIMIT, c.capabilities().sizeLimit());
            SmtpException e = assertThrows(SmtpException.class,
                    () -> c.send(Envelope.of(RealMta.USER, RealMta.MAILBOX), MailContent.of(big)));
            assertEquals(0, e.code(), "refused by the client, not the server");
            assertTrue(e.getMessage().contains("exceeds the server's limit of " + RealMta.SIZE_LIMIT), e.getMessage());
            assertFalse(e.isTransient());
            deliversOn(c);
        }
    }

    /** When the client cannot know the size, the server measures it and refuses the message with 552. */
    @Test
    void messageOfUnknownSizeOverTheLimitGets552() throws Exception {
        byte[] big = ("Subject: too big\r\n\r\n" + "x".repeat(998) + "\r\n").repeat(120).getBytes();
        MailContent unknownSize = new MailContent() {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                out.write(big);
            }

            @Override
            public boolean eightBit() {
                return false;
            }
        };
        try (SmtpConnection c = submission().build().connect()) {
            SmtpException e = assertThrows(SmtpException.class,
                    () -> c.send(Envelope.of(RealMta.USER, RealMta.MAILBOX), unknownSize));
            assertEquals(552, e.code(), e::toString);
            assertFalse(e.isTransient());
            deliversOn(c);
        }
    }

    private void deliversOn(SmtpConnection c) throws Exception {
        String subject = "after a refusal " + marker();
        Message m = message(subject, RealMta.MAILBOX);
        c.send(m.envelope(), MessageWriter.content(m, true));
        assertEquals(subject, delivered(subject).getSubject());
    }

    @Test
    void greylistedRecipientIsReportedWith4xxWhileTheOtherGetsTheMessage() throws Exception {
        String subject = "greylisted " + marker();
        Message m = message(subject, RealMta.GREYLISTED, RealMta.MAILBOX);
        SendResult r = submission().build().send(m.envelope(), MessageWriter.content(m, true));
        assertEquals(List.of(RealMta.MAILBOX), r.accepted());
        assertEquals(List.of(RealMta.GREYLISTED), List.copyOf(r.refused().keySet()));
        assertEquals(4, r.refused().get(RealMta.GREYLISTED).code() / 100, r::toString);
        assertTrue(r.refused().get(RealMta.GREYLISTED).toString().contains("Greylisted"), r::toString);
        delivered(subject);
    }

    @Test
    void greylistedOnlyRecipientIsATransientFailure() {
        Message m = message("greylisted alone", RealMta.GREYLISTED);
        SmtpException e = assertThrows(SmtpException.class,
                () -> submission().build().send(m.envelope(), MessageWriter.content(m, true)));
        assertEquals(4, e.code() / 100, e::toString);
        assertTrue(e.isTransient());
    }

    /**
     * The appender sends to the other recipient and reports the greylisted one in a status warning.
     * It does not send again to the greylisted recipient alone: that is a later feature (a retry per
     * recipient), and this test then changes with it.
     */
    @Test
    void appenderWarnsOfTheGreylistedRecipient() throws Exception {
        String firstLine = "greylisted by the appender " + marker();
        LoggerContext context = throughTheAppender(mta().startTlsPort(), true,
                RealMta.GREYLISTED + "," + RealMta.MAILBOX, firstLine);
        delivered(firstLine);
        String warnings = LogbackConfig.errorsAndWarnings(context);
        assertTrue(warnings.contains("The server refused some recipients") && warnings.contains(RealMta.GREYLISTED),
                warnings);
    }

    /** A PKCS#12 trust store holding the test certificate, for the appender's {@code <ssl>}. */
    private static Path trustStore() throws Exception {
        Path file = trustStores.resolve("trust.p12");
        if (Files.exists(file)) {
            return file;
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(CERTS.keyStoreFile())) {
            keys.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", keys.getCertificate(keys.aliases().nextElement()));
        try (OutputStream out = Files.newOutputStream(file)) {
            trust.store(out, TestCertificates.PASSWORD.toCharArray());
        }
        return file;
    }
}
