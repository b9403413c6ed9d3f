package io.github.mailback.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Whatever the text (emoji, combining marks, right-to-left scripts, lone surrogates, controls, line
 * breaks, dots, encoded-word look-alikes, long runs), a mail client reads back what was written,
 * after the documented header rule and body line-end rule, and the wire format stays valid.
 */
class RoundTripPropertyTest {
    private static final Duration PER_TRY = Duration.ofSeconds(10);
    private static final List<String> FIELDS = List.of("Date", "From", "To", "Subject", "Message-ID", "X-Note",
            "MIME-Version", "Content-Type");

    @Provide
    Arbitrary<String> text() {
        Arbitrary<String> ascii = Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> controls = Arbitraries.of("\r", "\n", "\r\n", "\u0000", "\t", "\u0085", "\u2028", "\u2029",
                "\u007f", "\u001b", "\u000b", "\u000c", " ", "  ");
        Arbitrary<String> emoji = Arbitraries.integers().between(0x1F300, 0x1FAFF).map(cp -> new String(Character.toChars(cp)));
        Arbitrary<String> combining = Arbitraries.strings().withCharRange('\u0300', '\u036f').ofMinLength(1).ofMaxLength(3)
                .map(marks -> "e" + marks);
        Arbitrary<String> rtl = Arbitraries.strings().withCharRange('\u05d0', '\u05ea').withCharRange('\u0627', '\u064a')
                .withChars('\u200f', '\u202e').ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> cjk = Arbitraries.strings().withCharRange('\u4e00', '\u9fff').ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> surrogate = Arbitraries.chars().range('\ud800', '\udfff').map(String::valueOf);
        Arbitrary<String> tricky = Arbitraries.of("=?", "?=", "=?UTF-8?Q?=0A?=", "=?UTF-8?B?DQpCY2M6IGE=?=", ".", "..",
                "\n.\n", "=", "_", "\"", "\\", ",", "<", ">", "--", "\u00a0", "\u3000", "\ufeff");
        Arbitrary<String> longRun = Arbitraries.integers().between(60, 1200)
                .flatMap(n -> Arbitraries.of("x", "é", "日", "🚨", " ", ".").map(s -> s.repeat(n)));
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                Tuple.of(6, ascii), Tuple.of(3, controls), Tuple.of(2, emoji), Tuple.of(2, combining), Tuple.of(2, rtl),
                Tuple.of(1, cjk), Tuple.of(1, surrogate), Tuple.of(2, tricky), Tuple.of(1, longRun));
        return piece.list().ofMaxSize(30).map(pieces -> String.join("", pieces));
    }

    @Provide
    Arbitrary<String> localPart() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('.', '_', '+', '-')
                .ofMinLength(1).ofMaxLength(30).filter(s -> !s.startsWith(".") && !s.endsWith(".") && !s.contains(".."));
    }

    @Property(tries = 150)
    void headersReadBackAsCleanedText(@ForAll("text") String subject, @ForAll("text") String name,
            @ForAll("text") String note, @ForAll("localPart") String local) throws Exception {
        // jqwik does not apply the JUnit timeout: each try gets its own.
        assertTimeoutPreemptively(PER_TRY, () -> {
            Message m = Message.builder()
                    .from(Address.of(local + "@example.com", name))
                    .to(Address.of("ops@example.com", note), Address.of("second@example.com", name))
                    .bcc(Address.of("hidden@example.com", name))
                    .subject(subject).header("X-Note", note).text("body").build();
            byte[] out = MessageWriter.toBytes(m, false);

            List<String> expectedFields = new ArrayList<>(FIELDS);
            if (Wire.expectedHeaderText(subject).isEmpty()) {
                expectedFields.remove("Subject");
            }
            List<String> fields = Wire.checkAndListHeaders(out);
            assertEquals(expectedFields, fields.subList(0, fields.size() - 1));
            MimeMessage parsed = Wire.parse(out);

            Wire.assertSubject(subject, parsed);
            InternetAddress from = (InternetAddress) parsed.getFrom()[0];
            assertEquals(local + "@example.com", from.getAddress());
            assertEquals(emptyToNull(Wire.expectedHeaderText(name)), from.getPersonal());
            InternetAddress[] to = (InternetAddress[]) parsed.getRecipients(MimeMessage.RecipientType.TO);
            assertEquals(2, to.length);
            assertEquals(emptyToNull(Wire.expectedHeaderText(note)), to[0].getPersonal());
            assertEquals("second@example.com", to[1].getAddress());
            assertEquals(emptyToNull(Wire.expectedHeaderText(name)), to[1].getPersonal());
            assertNull(parsed.getHeader("Bcc"));
            String rawNote = parsed.getHeader("X-Note", null);
            assertEquals(Wire.expectedHeaderText(note), MimeUtility.decodeText(MimeUtility.unfold(rawNote)).replaceAll("^ +", ""));
        });
    }

    @Property(tries = 200)
    void bodiesReadBackWithCrlfLineEnds(@ForAll("text") String text, @ForAll("text") String html,
            @ForAll boolean withHtml, @ForAll boolean allow8bit) throws Exception {
        // jqwik does not apply the JUnit timeout: each try gets its own.
        assertTimeoutPreemptively(PER_TRY, () -> {
            Message.Builder b = Message.builder().from(Address.of("app@example.com")).to(Address.of("ops@example.com")).text(text);
            if (withHtml) {
                b.html(html);
            }
            byte[] out = MessageWriter.toBytes(b.build(), allow8bit);
            Wire.checkAndListHeaders(out);
            MimeMessage parsed = Wire.parse(out);
            assertEquals(Wire.expectedBody(text, !withHtml), Wire.textBody(parsed));
            if (withHtml) {
                assertEquals(Wire.expectedBody(html, false), Wire.htmlBody(parsed));
            }
            if (!allow8bit) {
                for (byte octet : out) {
                    assertEquals(0, octet & 0x80, "8-bit octet without 8BITMIME");
                }
            }
        });
    }

    @Property(tries = 200)
    void attachmentFileNamesAndContentReadBack(@ForAll("text") String fileName, @ForAll byte[] data) throws Exception {
        // jqwik does not apply the JUnit timeout: each try gets its own.
        assertTimeoutPreemptively(PER_TRY, () -> {
            String name = fileName + "x.log";
            Message m = Message.builder().from(Address.of("app@example.com")).to(Address.of("ops@example.com"))
                    .text("see attached").attach(Attachment.of(name, "application/octet-stream", data)).build();
            byte[] out = MessageWriter.toBytes(m, false);
            Wire.checkAndListHeaders(out);
            jakarta.mail.Multipart mp = (jakarta.mail.Multipart) Wire.parse(out).getContent();
            assertEquals(Wire.expectedHeaderText(name), mp.getBodyPart(1).getFileName());
            try (var in = mp.getBodyPart(1).getInputStream()) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(data, in.readAllBytes());
            }
        });
    }

    /** A display name that is blank (Unicode white space only, e.g. U+3000) means none, as in {@link Address}. */
    private static String emptyToNull(String s) {
        return s.isBlank() ? null : s;
    }
}
