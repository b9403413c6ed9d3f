package io.github.mailback.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever the subject, display name and header value, the written header block is valid (folded
 * lines of at most 998 octets, ASCII only, no field added) and Jakarta Mail's parser reads back the
 * text after the documented header rule: runs of white space and controls become one space, lone
 * surrogates U+FFFD, and a subject is cut to 250 code points. The committed inputs under
 * {@code HeaderEncoderFuzzTestInputs} (subject, display name and value, separated by the octet 0xFF) are encoded-word look-alikes, CRLF injections, long runs,
 * emoji, right-to-left text and quotes.
 */
class HeaderEncoderFuzzTest {
    private static final List<String> FIELDS = List.of("Date", "From", "To", "Subject", "Message-ID", "X-Note",
            "MIME-Version", "Content-Type");

    @FuzzTest(maxDuration = "60s")
    @Timeout(300) // only a hang: 3,000 inputs (the build's run) take up to 30 s on an idle 2-core machine
    void headersReadBackAsCleanedText(byte[] input) throws Exception {
        String[] texts = texts(input, 3);
        String subject = texts[0];
        String name = texts[1];
        String note = texts[2];
        Message m = Message.builder().from(Address.of("app@example.com", name))
                .to(Address.of("ops@example.com", note), Address.of("second@example.com", name))
                .subject(subject).header("X-Note", note).text("body").build();
        byte[] out = MessageWriter.toBytes(m, false);

        List<String> fields = Wire.checkAndListHeaders(out);
        List<String> expectedFields = Wire.expectedHeaderText(subject).isEmpty()
                ? FIELDS.stream().filter(f -> !f.equals("Subject")).toList() : FIELDS;
        assertEquals(expectedFields, fields.subList(0, fields.size() - 1));
        MimeMessage parsed = Wire.parse(out);
        Wire.assertSubject(subject, parsed);
        InternetAddress from = (InternetAddress) parsed.getFrom()[0];
        assertEquals("app@example.com", from.getAddress());
        assertEquals(emptyToNull(Wire.expectedHeaderText(name)), from.getPersonal());
        InternetAddress[] to = (InternetAddress[]) parsed.getRecipients(MimeMessage.RecipientType.TO);
        assertEquals(2, to.length);
        assertEquals(emptyToNull(Wire.expectedHeaderText(note)), to[0].getPersonal());
        assertEquals("second@example.com", to[1].getAddress());
        String rawNote = parsed.getHeader("X-Note", null);
        assertEquals(Wire.expectedHeaderText(note),
                MimeUtility.decodeText(MimeUtility.unfold(rawNote)).replaceAll("^ +", ""));
    }

    /**
     * The input as {@code count} UTF-8 texts separated by the octet 0xFF, which UTF-8 never uses (so
     * that the committed inputs read as text); missing ones are empty.
     */
    static String[] texts(byte[] input, int count) {
        String[] texts = new String[count];
        int start = 0;
        for (int i = 0; i < count; i++) {
            int end = start;
            while (end < input.length && (input[end] != (byte) 0xff || i == count - 1)) {
                end++;
            }
            texts[i] = new String(input, Math.min(start, input.length), Math.max(0, end - start), StandardCharsets.UTF_8);
            start = end + 1;
        }
        return texts;
    }

    private static String emptyToNull(String s) {
        return s.isBlank() ? null : s;
    }
}
