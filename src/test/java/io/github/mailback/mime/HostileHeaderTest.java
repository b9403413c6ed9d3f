package io.github.mailback.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Data that tries to add a header or end the header block, in every place header text comes from:
 * each case must leave exactly the expected fields, read back as plain text.
 */
@Timeout(10)
class HostileHeaderTest {

    static Stream<Arguments> hostile() {
        String encodedBcc = "=?UTF-8?B?" + Base64.getEncoder().encodeToString("\r\nBcc: evil@x.example".getBytes(StandardCharsets.UTF_8)) + "?=";
        return Stream.of(
                Arguments.of("CRLF", "x\r\nBcc: evil@x.example"),
                Arguments.of("lone CR", "x\rBcc: evil@x.example"),
                Arguments.of("lone LF", "x\nBcc: evil@x.example"),
                Arguments.of("CRLF CRLF ends the block", "x\r\n\r\nX-Injected: body starts here"),
                Arguments.of("NUL", "x\u0000X-Injected: 1"),
                Arguments.of("U+2028", "x\u2028X-Injected: 1"),
                Arguments.of("U+2029", "x\u2029X-Injected: 1"),
                Arguments.of("U+0085", "x\u0085X-Injected: 1"),
                Arguments.of("C1 CSI", "x\u009b2JX-Injected: 1"),
                Arguments.of("DEL and the C1 range's ends", "x\u007f\u0080\u009fX-Injected: 1"),
                Arguments.of("folding whitespace then a field", "x\r\n \r\nX-Injected: 1"),
                Arguments.of("tab and controls", "\t\u0001x\u001b[31m\u007f\r\n\tX-Injected: 1"),
                Arguments.of("literal Q encoded LF", "=?UTF-8?Q?=0A?="),
                Arguments.of("literal Q encoded header", "a =?UTF-8?Q?=0D=0AX-Injected:_1?= b"),
                Arguments.of("literal B encoded Bcc", encodedBcc),
                Arguments.of("encoded word glued to text", "pre" + encodedBcc + "post"));
    }

    private static Message.Builder base() {
        return Message.builder().from(Address.of("app@example.com")).to(Address.of("ops@example.com")).text("the body");
    }

    @ParameterizedTest(name = "subject: {0}")
    @MethodSource("hostile")
    void inSubject(String name, String value) throws Exception {
        byte[] out = MessageWriter.toBytes(base().subject(value).build(), false);
        MimeMessage parsed = checkIntact(out, List.of("Date", "From", "To", "Subject", "Message-ID", "MIME-Version",
                "Content-Type", "Content-Transfer-Encoding"));
        assertEquals(Wire.expectedHeaderText(value), parsed.getSubject());
    }

    @ParameterizedTest(name = "display name: {0}")
    @MethodSource("hostile")
    void inDisplayName(String name, String value) throws Exception {
        Message m = base().from(Address.of("app@example.com", value)).build();
        byte[] out = MessageWriter.toBytes(m, false);
        MimeMessage parsed = checkIntact(out, List.of("Date", "From", "To", "Message-ID", "MIME-Version",
                "Content-Type", "Content-Transfer-Encoding"));
        InternetAddress[] from = (InternetAddress[]) parsed.getFrom();
        assertEquals(1, from.length);
        assertEquals("app@example.com", from[0].getAddress());
        assertEquals(Wire.expectedHeaderText(value), from[0].getPersonal());
    }

    @ParameterizedTest(name = "custom header: {0}")
    @MethodSource("hostile")
    void inCustomHeaderValue(String name, String value) throws Exception {
        byte[] out = MessageWriter.toBytes(base().header("X-Note", value).build(), false);
        MimeMessage parsed = checkIntact(out, List.of("Date", "From", "To", "Message-ID", "X-Note", "MIME-Version",
                "Content-Type", "Content-Transfer-Encoding"));
        String raw = parsed.getHeader("X-Note", null);
        assertEquals(Wire.expectedHeaderText(value), raw == null ? "" : MimeUtility.decodeText(MimeUtility.unfold(raw)));
    }

    @ParameterizedTest(name = "attachment file name: {0}")
    @MethodSource("hostile")
    void inAttachmentFileName(String name, String value) throws Exception {
        String fileName = value + ".log";
        Message m = base().attach(Attachment.of(fileName, "text/plain", new byte[] {'x'})).build();
        byte[] out = MessageWriter.toBytes(m, false);
        MimeMessage parsed = checkIntact(out, List.of("Date", "From", "To", "Message-ID", "MIME-Version",
                "Content-Type"));
        Multipart mp = (Multipart) parsed.getContent();
        assertEquals(2, mp.getCount());
        assertEquals(List.of("Content-Type", "Content-Transfer-Encoding", "Content-Disposition"),
                java.util.Collections.list(mp.getBodyPart(1).getAllHeaders()).stream().map(jakarta.mail.Header::getName).toList());
        assertEquals(Wire.expectedHeaderText(fileName), mp.getBodyPart(1).getFileName());
    }

    /** Asserts the exact top-level fields on the wire and in the parsed message, and the body intact. */
    private static MimeMessage checkIntact(byte[] out, List<String> fields) throws Exception {
        assertEquals(fields, Wire.checkAndListHeaders(out));
        for (String line : new String(out, StandardCharsets.ISO_8859_1).split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            assertFalse(lower.startsWith("bcc:") || lower.startsWith("x-injected"), "injected line: " + line);
        }
        MimeMessage parsed = Wire.parse(out);
        assertEquals(fields, java.util.Collections.list(parsed.getAllHeaders()).stream().map(jakarta.mail.Header::getName).toList());
        assertNull(parsed.getHeader("Bcc"));
        assertNull(parsed.getHeader("X-Injected"));
        // A whole body gets a final line end; a body part (beside an attachment) ends as its text.
        assertEquals(parsed.isMimeType("multipart/*") ? "the body" : "the body\r\n", Wire.textBody(parsed));
        assertTrue(Wire.headerEnd(out) > 0);
        return parsed;
    }
}
