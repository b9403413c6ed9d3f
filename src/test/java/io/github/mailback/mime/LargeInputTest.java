package io.github.mailback.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LargeInputTest {
    private static Message.Builder base() {
        return Message.builder().from(Address.of("app@example.com")).to(Address.of("ops@example.com"));
    }

    @Test
    void tenMegabyteStackTraceGivesAValidMessage() throws Exception {
        StringBuilder sb = new StringBuilder(10 * 1024 * 1024 + 200);
        int frame = 0;
        while (sb.length() < 10 * 1024 * 1024) {
            sb.append("\tat com.example.Service.handle").append(frame++).append("(Service.java:").append(frame % 977)
                    .append(") — ünïcödé\n");
        }
        sb.append("x".repeat(5000)); // one very long last line without a line end
        String text = sb.toString();
        byte[] out = MessageWriter.toBytes(base().subject("big").text(text).build(), false);

        Wire.checkAndListHeaders(out);
        MimeMessage parsed = Wire.parse(out);
        assertEquals(Wire.expectedBody(text, true), parsed.getContent());
    }

    @Test
    void tenMegabytesOnOneLineAsAsciiStayUnderTheLineLimit() throws Exception {
        String text = "y".repeat(10 * 1024 * 1024);
        byte[] out = MessageWriter.toBytes(base().text(text).build(), true);
        Wire.checkAndListHeaders(out);
        assertTrue(new String(out, 0, 2000, StandardCharsets.US_ASCII).contains("quoted-printable"));
        assertEquals(text + "\r\n", Wire.parse(out).getContent());
    }

    @Test
    void hundredThousandCharacterSubjectIsCutAndValid() throws Exception {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 100_000) {
            sb.append("Error in módulo 日本 🚨 ");
        }
        String subject = sb.toString();
        byte[] out = MessageWriter.toBytes(base().subject(subject).text("x").build(), false);
        Wire.checkAndListHeaders(out);
        String read = Wire.parse(out).getSubject();
        assertEquals(250, read.codePointCount(0, read.length()));
        assertTrue(read.endsWith("\u2026"));
        String cleaned = Wire.expectedHeaderText(subject);
        String kept = read.substring(0, read.length() - 1);
        assertTrue(cleaned.startsWith(kept), read);
        assertTrue(Wire.headerBlock(out).length() < 4000, "subject cut before encoding");
    }

    @Test
    void hundredThousandCharacterCustomHeaderAndDisplayNameFoldWithinTheLimits() throws Exception {
        String longValue = "ü".repeat(100_000);
        Message m = base().from(Address.of("app@example.com", "ñ".repeat(10_000))).header("X-Long", longValue).build();
        byte[] out = MessageWriter.toBytes(m, false);
        Wire.checkAndListHeaders(out);
        for (String line : Wire.headerBlock(out).split("\r\n")) {
            assertTrue(line.length() <= 78, line);
        }
        MimeMessage parsed = Wire.parse(out);
        assertEquals("ñ".repeat(10_000), ((jakarta.mail.internet.InternetAddress) parsed.getFrom()[0]).getPersonal());
    }
}
