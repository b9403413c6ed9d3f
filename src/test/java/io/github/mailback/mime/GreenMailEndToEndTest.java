package io.github.mailback.mime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.github.mailback.smtp.SendResult;
import io.github.mailback.smtp.SmtpClient;
import io.github.mailback.smtp.TlsMode;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What was written, sent through a real SMTP server (GreenMail on loopback), is what a mail client reads. */
@Timeout(30)
class GreenMailEndToEndTest {
    private GreenMail greenMail;

    @BeforeEach
    void start() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());
        greenMail.start();
    }

    @AfterEach
    void stop() {
        greenMail.stop();
    }

    private static Message alert() {
        StringBuilder trace = new StringBuilder("java.lang.IllegalStateException: état invalide — 🚨\n");
        for (int i = 0; i < 200; i++) {
            trace.append("\tat com.example.Service.step").append(i).append("(Service.java:").append(i).append(")\n");
        }
        trace.append(".\n..leading dots survive\n").append("x".repeat(3000)).append('\n');
        return Message.builder()
                .from(Address.of("app@example.com", "Mailback — Prod"))
                .to(Address.of("ops@example.com", "Équipe Ops"))
                .cc(Address.of("dev@example.com"))
                .bcc(Address.of("audit@example.com", "Audit"))
                .subject("[ERROR] état invalide dans 日本 service 🚨 x\r\nBcc: evil@example.com")
                .header("X-Mailback-Events", "7")
                .text(trace.toString())
                .html("<pre>état invalide</pre>")
                .attach(Attachment.of("contexte-complet.log", "text/plain; charset=UTF-8",
                        trace.toString().getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    private static void assertReadsBack(Message sent, MimeMessage received) throws Exception {
        assertEquals("[ERROR] état invalide dans 日本 service 🚨 x Bcc: evil@example.com", received.getSubject());
        InternetAddress from = (InternetAddress) received.getFrom()[0];
        assertEquals("Mailback — Prod", from.getPersonal());
        assertEquals("Équipe Ops", ((InternetAddress) received.getRecipients(MimeMessage.RecipientType.TO)[0]).getPersonal());
        assertNull(received.getHeader("Bcc"));
        assertEquals("7", received.getHeader("X-Mailback-Events", null));
        assertEquals(sent.messageId(), received.getMessageID());
        assertEquals(Wire.expectedBody(sent.text(), false), Wire.textBody(received));
        Multipart mp = (Multipart) received.getContent();
        assertEquals("contexte-complet.log", mp.getBodyPart(1).getFileName());
        try (var in = mp.getBodyPart(1).getInputStream()) {
            assertArrayEquals(sent.text().getBytes(StandardCharsets.UTF_8), in.readAllBytes());
        }
    }

    @Test
    void sentWithAPlainSmtpDialogueArrivesIntact() throws Exception {
        Message m = alert();
        byte[] octets = MessageWriter.toBytes(m, false);
        LoopbackSmtp.send(greenMail.getSmtp().getPort(), m.envelope().from(), m.envelope().recipients(), octets);

        assertTrue(greenMail.waitForIncomingEmail(10_000, 3));
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertEquals(3, received.length, "one copy per envelope recipient, Bcc included");
        List<String> delivered = Arrays.stream(received).map(r -> {
            try {
                return r.getHeader("Message-ID", null);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).distinct().toList();
        assertEquals(List.of(m.messageId()), delivered);
        assertReadsBack(m, received[0]);
    }

    @Test
    void sentWithTheLibraryClientArrivesIntact() throws Exception {
        Message m = alert();
        SmtpClient client = SmtpClient.builder().host("127.0.0.1").port(greenMail.getSmtp().getPort()).tls(TlsMode.NONE).build();
        SendResult result = client.send(m.envelope(), MessageWriter.content(m, false));
        assertEquals(m.envelope().recipients(), result.accepted());
        assertTrue(greenMail.waitForIncomingEmail(10_000, 3));
        assertReadsBack(m, greenMail.getReceivedMessages()[0]);
    }
}
