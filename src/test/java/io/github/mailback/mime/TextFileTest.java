package io.github.mailback.mime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mailback.smtp.MailContent;
import io.github.mailback.smtp.SmtpClient;
import io.github.mailback.smtp.SmtpException;
import io.github.mailback.testing.ScriptedSmtpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A text body read from a file ({@link Message.Builder#textFile}) gives the octets that the same text
 * given as a string gives (decoded as {@code new String(bytes, UTF_8)} decodes), whatever the encoding
 * chosen, and its content's size is what it writes.
 */
@Timeout(30)
class TextFileTest {
    /** Texts that each decide something: line length, 8-bit, NUL, line ends, dots, white space, bad UTF-8. */
    static final List<byte[]> SAMPLES = List.of(
            utf8("plain ascii\n"),
            utf8(""),
            utf8("\n"),
            utf8(".\r\n"),
            utf8("Grüße aus Köln ✓\r\n.\r\n..two dots\n.\nlast line without a break"),
            utf8("x".repeat(5000) + "\n" + "y".repeat(998) + "\n" + "z".repeat(999)),
            utf8("y".repeat(998) + "\r\n" + "🚨".repeat(249) + "\n"),
            utf8("é".repeat(600)),
            utf8("a\rb\r\nc\n\rd\n\n\r\r.e\r\r\n"),
            utf8("trailing space \nand tab\t\n  \n\t"),
            utf8("a\0b\n"),
            utf8("emoji 🚨 and 日本 and a pair at the end 🚀"),
            utf8("\ufeffa byte order mark\n"),
            utf8("holds =_mailback_ and =_mailback_0123456789ABCDEFGHIJKLMNOPQRSTUV\n"),
            bytes(0xC3),
            bytes('a', 0xE2, 0x82),
            bytes('a', 0xED, 0xA0, 0x80, '\n', 0xED, 0xB0, 0x80),
            bytes(0xF0, 0x9F, 0x98, '\n', 0xF0, 0x9F, 0x98),
            bytes(0xFF, 0xFE, 'a', 0xC0, 0xAF, 0x80, 0xBF, '\r'),
            bytes(0xF4, 0x90, 0x80, 0x80, 0xE0, 0x80, 0xAF, 0xC3, '\n', 0xC3, 0xA9));

    @TempDir
    Path dir;

    private int files;

    @Test
    void aTextFileIsWrittenAsTheSameTextGivenAsAString() throws Exception {
        for (byte[] sample : SAMPLES) {
            Path file = file(sample);
            String text = new String(sample, StandardCharsets.UTF_8);
            for (boolean allow8bit : new boolean[] {true, false}) {
                byte[] fromString = MessageWriter.toBytes(base().text(text).build(), allow8bit);
                Message fromFile = base().textFile(file).build();
                String what = "8bit " + allow8bit + ", " + escape(text);
                assertArrayEquals(fromString, MessageWriter.toBytes(fromFile, allow8bit), what);

                MailContent content = MessageWriter.content(fromFile, allow8bit);
                assertArrayEquals(fromString, sent(content), what);
                assertEquals(fromString.length, content.size(), what);
                assertEquals(MailContent.of(fromString).eightBit(), content.eightBit(), what);
            }
        }
    }

    @Test
    void inAMultipartMessageTheFileIsAPartAsTheStringWouldBe() throws Exception {
        Attachment log = Attachment.of("app.log", "text/plain; charset=UTF-8", utf8("attached ü\n"));
        for (byte[] sample : SAMPLES) {
            Path file = file(sample);
            String text = new String(sample, StandardCharsets.UTF_8);
            boolean holdsPrefix = text.contains(Boundaries.PREFIX);
            for (boolean allow8bit : new boolean[] {true, false}) {
                List<Message.Builder> fromString = List.of(base().text(text).html("<p>Grüße</p>"),
                        base().text(text).attach(log), base().text(text).html("<p>x</p>").attach(log));
                List<Message.Builder> fromFile = List.of(base().textFile(file).html("<p>Grüße</p>"),
                        base().textFile(file).attach(log), base().textFile(file).html("<p>x</p>").attach(log));
                for (int i = 0; i < fromString.size(); i++) {
                    String what = "shape " + i + ", 8bit " + allow8bit + ", " + escape(text);
                    byte[] expected = MessageWriter.toBytes(fromString.get(i).build(), allow8bit);
                    MailContent content = MessageWriter.content(fromFile.get(i).build(), allow8bit);
                    byte[] actual = sent(content);
                    assertEquals(actual.length, content.size(), what);
                    Wire.checkAndListHeaders(actual);
                    assertEquals(Wire.expectedBody(text, false), Wire.textBody(Wire.parse(actual)), what);
                    if (!holdsPrefix) {
                        // Boundaries are random: the same but for them.
                        assertEquals(unbounded(expected), unbounded(actual), what);
                        assertEquals(MailContent.of(expected).eightBit(), content.eightBit(), what);
                    }
                }
            }
        }
    }

    @Test
    void aFileHoldingTheBoundaryPrefixIsQuotedPrintableInAMultipartMessage() throws Exception {
        Path file = file(utf8("a line with =_mailback_ in it\n"));
        byte[] out = MessageWriter.toBytes(base().textFile(file).html("<p>x</p>").build(), true);
        String wire = new String(out, StandardCharsets.US_ASCII);
        assertTrue(wire.contains("Content-Transfer-Encoding: quoted-printable\r\n\r\na line with =3D_mailback_"), wire);
        assertEquals("a line with =_mailback_ in it\r\n", Wire.textBody(Wire.parse(out)));
        // Alone, it is the whole body: no boundary, so 7bit as a string.
        assertTrue(new String(MessageWriter.toBytes(base().textFile(file).build(), true), StandardCharsets.US_ASCII)
                .contains("7bit\r\n\r\na line with =_mailback_ in it\r\n"));
    }

    /** Every way to cut the file into the reader's chunks: a CRLF, a pair or a bad sequence split in two. */
    @Test
    void chunksOfAnySizeGiveTheOctetsOfTheWholeString() throws Exception {
        for (byte[] sample : SAMPLES) {
            if (sample.length > 100) {
                continue;
            }
            Path file = file(sample);
            String text = new String(sample, StandardCharsets.UTF_8);
            for (boolean whole : new boolean[] {true, false}) {
                for (int chunk = 1; chunk <= 8; chunk++) {
                    String what = "chunk " + chunk + ", whole " + whole + ", " + escape(text);
                    TextFile scanned = TextFile.scan(file, whole, chunk);
                    assertEquals(sample.length, scanned.length, what);
                    TextLines.Profile expected = TextLines.profile(text);
                    assertEquals(List.of(expected.longestLine, expected.eightBit, expected.nul, expected.boundaryPrefix),
                            List.of(scanned.profile.longestLine, scanned.profile.eightBit, scanned.profile.nul,
                                    scanned.profile.boundaryPrefix), what);
                    for (TransferEncoding encoding : List.of(TransferEncoding.EIGHT_BIT, TransferEncoding.QUOTED_PRINTABLE)) {
                        ByteArrayOutputStream fromString = new ByteArrayOutputStream();
                        OctetOutput out = new OctetOutput(fromString);
                        TextLines.write(text, sink(encoding, out), whole);
                        out.flush();
                        ByteArrayOutputStream fromFile = new ByteArrayOutputStream();
                        out = new OctetOutput(fromFile);
                        scanned.write(sink(encoding, out), whole, chunk);
                        out.flush();
                        assertArrayEquals(fromString.toByteArray(), fromFile.toByteArray(), encoding + ", " + what);
                        assertEquals(fromString.size(), scanned.size(encoding, whole), encoding + ", " + what);
                    }
                }
            }
        }
    }

    /** The decoder never splits a surrogate pair between chunks; a caller of TextLines may. */
    @Test
    void aTextFedInTwoPiecesCutAnywhereGivesTheOctetsOfTheWhole() throws Exception {
        String text = "a\r\nb🚨c\ud800d\udc00\r\n\r\r\n🚀\ud83d";
        for (boolean whole : new boolean[] {true, false}) {
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            OctetOutput out = new OctetOutput(expected);
            TextLines.write(text, new QuotedPrintableSink(out), whole);
            out.flush();
            for (int cut = 0; cut <= text.length(); cut++) {
                ByteArrayOutputStream actual = new ByteArrayOutputStream();
                out = new OctetOutput(actual);
                TextLines lines = new TextLines(new QuotedPrintableSink(out));
                char[] chars = text.toCharArray();
                lines.feed(chars, 0, cut);
                lines.feed(chars, cut, chars.length - cut);
                lines.finish(whole);
                out.flush();
                assertArrayEquals(expected.toByteArray(), actual.toByteArray(), "cut at " + cut + ", whole " + whole);
            }
        }
    }

    @Test
    void aFileChangedAfterTheScanFailsTheSendInsteadOfEndingIt() throws Exception {
        Path file = file(utf8("first version\n".repeat(100)));
        MailContent content = MessageWriter.content(base().textFile(file).build(), true);
        Files.write(file, utf8("other version\n".repeat(100)));
        IOException changed = assertThrows(IOException.class, () -> sent(content));
        assertTrue(changed.getMessage().contains("changed while it was being sent"), changed.getMessage());

        Files.write(file, utf8("short\n"));
        changed = assertThrows(IOException.class, () -> sent(content));
        assertTrue(changed.getMessage().contains("now 6"), changed.getMessage());
    }

    @Test
    void aFileChangedBeforeTheSendIsCutBeforeTheFinalDotSoNothingIsDelivered() throws Exception {
        Path file = file(utf8("first version\n".repeat(100)));
        Message message = base().textFile(file).build();
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().start()) {
            MailContent content = MessageWriter.content(message, true);
            Files.write(file, utf8("other version\n".repeat(100)));
            SmtpClient client = SmtpClient.builder().host(server.host()).port(server.port()).heloName("client.test")
                    .build();

            SmtpException e = assertThrows(SmtpException.class, () -> client.send(message.envelope(), content));
            assertTrue(e.getMessage().startsWith("reading the message failed while sending to ")
                    && e.getMessage().contains("changed while it was being sent"), e.getMessage());
            assertTrue(e.isTransient());
            server.awaitSessionsEnded();
            assertEquals(List.of(), server.messages());
        }
    }

    @Test
    void aFileThatGrowsAfterTheScanIsSentAsItWasScanned() throws Exception {
        Path file = file(utf8("line 1\n"));
        Message message = base().textFile(file).build();
        MailContent content = MessageWriter.content(message, true);
        byte[] expected = MessageWriter.toBytes(base().text("line 1\n").build(), true);
        Files.write(file, utf8("x".repeat(2000) + "\n"), StandardOpenOption.APPEND);
        assertArrayEquals(expected, sent(content));
    }

    @Test
    void aMissingFileFailsWhenTheContentIsMadeNotWhenTheMessageIsBuilt() {
        Message message = base().textFile(dir.resolve("missing.txt")).build();
        assertThrows(UncheckedIOException.class, () -> MessageWriter.content(message, true));
        assertThrows(IOException.class, () -> MessageWriter.write(message, new ByteArrayOutputStream(), true));
    }

    @Test
    @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aPipeIsRefusedBeforeItIsOpenedSinceItCannotBeReadTwice() throws Exception {
        Path fifo = dir.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(5, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
        Message message = base().textFile(fifo).build();
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> MessageWriter.content(message, true));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @Test
    void textAndTextFileReplaceEachOther() throws Exception {
        Path file = file(utf8("from the file\n"));
        Message fileLast = base().text("from the string").textFile(file).build();
        assertEquals(file, fileLast.textFile());
        assertEquals("", fileLast.text());
        Message textLast = base().textFile(file).text("from the string").build();
        assertEquals(null, textLast.textFile());
        assertEquals("from the string\r\n", Wire.parse(MessageWriter.toBytes(textLast, true)).getContent());
    }

    private static LineSink sink(TransferEncoding encoding, OctetOutput out) {
        return encoding == TransferEncoding.QUOTED_PRINTABLE ? new QuotedPrintableSink(out) : new RawLineSink(out);
    }

    private static Message.Builder base() {
        return Message.builder().from(Address.of("app@example.com")).to(Address.of("ops@example.com"))
                .subject("file").date(ZonedDateTime.of(2026, 12, 7, 9, 30, 0, 0, ZoneOffset.UTC))
                .messageId("<fixed@example.com>");
    }

    private Path file(byte[] content) throws IOException {
        return Files.write(dir.resolve("text-" + files++ + ".txt"), content);
    }

    private static byte[] sent(MailContent content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        content.writeTo(out);
        return out.toByteArray();
    }

    private static String unbounded(byte[] message) {
        return new String(message, StandardCharsets.ISO_8859_1).replaceAll("=_mailback_[0-9A-Za-z]{32}", "BOUNDARY");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : (s.length() > 60 ? s.substring(0, 60) + "..." : s).toCharArray()) {
            sb.append(c < 0x20 ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return sb.toString();
    }
}
