package io.github.mailback.mime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mailback.smtp.MailContent;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class MessageWriterTest {
    private static Message.Builder base() {
        return Message.builder()
                .from(Address.of("app@example.com", "My App"))
                .to(Address.of("ops@example.com"));
    }

    private static String string(byte[] octets) {
        return new String(octets, StandardCharsets.UTF_8);
    }

    @Test
    void plainAsciiMessageIsSevenBitWithTheFieldsInOrder() throws Exception {
        Message m = base().subject("Disk full").text("line one\nline two").build();
        byte[] out = MessageWriter.toBytes(m, false);

        assertEquals(List.of("Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type",
                "Content-Transfer-Encoding"), Wire.checkAndListHeaders(out));
        assertTrue(string(out).contains("Content-Transfer-Encoding: 7bit\r\n"));
        MimeMessage parsed = Wire.parse(out);
        assertEquals("Disk full", parsed.getSubject());
        assertEquals("line one\r\nline two\r\n", parsed.getContent());
        InternetAddress from = (InternetAddress) parsed.getFrom()[0];
        assertEquals("app@example.com", from.getAddress());
        assertEquals("My App", from.getPersonal());
        assertEquals(m.messageId(), parsed.getMessageID());
    }

    @Test
    void dateUsesRfc5322FormatWithNumericZone() {
        ZonedDateTime date = ZonedDateTime.of(2026, 3, 5, 7, 8, 9, 0, ZoneOffset.ofHoursMinutes(-3, -30));
        byte[] out = MessageWriter.toBytes(base().date(date).build(), false);
        assertTrue(string(out).startsWith("Date: Thu, 5 Mar 2026 07:08:09 -0330\r\n"), string(out));
    }

    @Test
    void nonAsciiSubjectAndNamesAreEncodedWordsAndReadBack() throws Exception {
        String subject = "Échec: 日本語のテキスト 🚨 and naïve café";
        Message m = base()
                .from(Address.of("app@example.com", "Zoë Bräuer"))
                .to(Address.of("a@example.com", "Доктор Иван"), Address.of("b@example.com", "שלום עולם"))
                .cc(Address.of("c@example.com", "Doe, J"))
                .replyTo(Address.of("r@example.com", "Help Desk"))
                .subject(subject).text("Grüße 🌍").build();
        byte[] out = MessageWriter.toBytes(m, false);

        Wire.checkAndListHeaders(out);
        assertTrue(Wire.headerBlock(out).contains("=?UTF-8?"));
        MimeMessage parsed = Wire.parse(out);
        assertEquals(subject, parsed.getSubject());
        assertEquals("Zoë Bräuer", ((InternetAddress) parsed.getFrom()[0]).getPersonal());
        InternetAddress[] to = (InternetAddress[]) parsed.getRecipients(MimeMessage.RecipientType.TO);
        assertEquals("ops@example.com", to[0].getAddress());
        assertEquals("Доктор Иван", to[1].getPersonal());
        assertEquals("a@example.com", to[1].getAddress());
        assertEquals("שלום עולם", to[2].getPersonal());
        InternetAddress cc = (InternetAddress) parsed.getRecipients(MimeMessage.RecipientType.CC)[0];
        assertEquals("Doe, J", cc.getPersonal());
        assertEquals("c@example.com", cc.getAddress());
        assertEquals("Help Desk", ((InternetAddress) parsed.getReplyTo()[0]).getPersonal());
        assertEquals("Grüße 🌍\r\n", parsed.getContent());
        assertTrue(string(out).contains("Content-Transfer-Encoding: quoted-printable\r\n"));
    }

    @Test
    void eightBitIsUsedOnlyWhenAllowedAndLinesFit() throws Exception {
        Message m = base().text("Grüße").build();
        assertTrue(string(MessageWriter.toBytes(m, true)).contains("Content-Transfer-Encoding: 8bit\r\n"));
        assertTrue(string(MessageWriter.toBytes(m, false)).contains("Content-Transfer-Encoding: quoted-printable\r\n"));

        Message longLine = base().text("ü".repeat(600)).build();
        byte[] out = MessageWriter.toBytes(longLine, true);
        assertTrue(string(out).contains("Content-Transfer-Encoding: quoted-printable\r\n"));
        Wire.checkAndListHeaders(out);
        assertEquals("ü".repeat(600) + "\r\n", Wire.parse(out).getContent());
    }

    @Test
    void asciiWithALongLineIsQuotedPrintable() throws Exception {
        String text = "at com.example.Deep.call(Deep.java:1) ".repeat(100) + "= trailing   ";
        byte[] out = MessageWriter.toBytes(base().text(text).build(), false);
        assertTrue(string(out).contains("Content-Transfer-Encoding: quoted-printable\r\n"));
        Wire.checkAndListHeaders(out);
        assertEquals(text + "\r\n", Wire.parse(out).getContent());
    }

    @Test
    void nulInTheBodyForcesQuotedPrintable() throws Exception {
        String text = "before\u0000after";
        byte[] out = MessageWriter.toBytes(base().text(text).build(), true);
        assertTrue(string(out).contains("Content-Transfer-Encoding: quoted-printable\r\n"));
        for (byte b : out) {
            assertTrue(b != 0, "NUL on the wire");
        }
        assertEquals(text + "\r\n", Wire.parse(out).getContent());
    }

    @Test
    void lineEndsOfTheTextBecomeCrlf() throws Exception {
        byte[] out = MessageWriter.toBytes(base().text("a\rb\nc\r\nd\n\n.\n").build(), false);
        Wire.checkAndListHeaders(out);
        assertEquals("a\r\nb\r\nc\r\nd\r\n\r\n.\r\n", Wire.parse(out).getContent());
    }

    @Test
    void bccIsInTheEnvelopeButNeverInTheHeaders() {
        Message m = base().bcc(Address.of("secret@example.com", "Secret")).build();
        byte[] out = MessageWriter.toBytes(m, false);
        assertFalse(string(out).toLowerCase().contains("secret"));
        assertFalse(Wire.checkAndListHeaders(out).stream().anyMatch(n -> n.equalsIgnoreCase("Bcc")));
        assertEquals(List.of("ops@example.com", "secret@example.com"), m.envelope().recipients());
    }

    @Test
    void onlyBccRecipientsGiveAMessageWithoutTo() throws Exception {
        Message m = Message.builder().from(Address.of("app@example.com")).bcc(Address.of("x@example.com")).build();
        byte[] out = MessageWriter.toBytes(m, false);
        assertFalse(Wire.checkAndListHeaders(out).contains("To"));
        assertNull(Wire.parse(out).getHeader("To"));
    }

    @Test
    void threadingAndCustomHeadersAreWritten() throws Exception {
        Message m = base().messageId("<id1@host.example>").inReplyTo("first@host.example")
                .references(List.of("<first@host.example>", "<second@host.example>"))
                .header("X-Mailback-Events", "3").header("X-Note", "größer als").build();
        MimeMessage parsed = Wire.parse(MessageWriter.toBytes(m, false));
        assertEquals("<id1@host.example>", parsed.getMessageID());
        assertEquals("<first@host.example>", parsed.getHeader("In-Reply-To", null));
        assertEquals("<first@host.example> <second@host.example>", parsed.getHeader("References", null).replaceAll("\\s+", " "));
        assertEquals("3", parsed.getHeader("X-Mailback-Events", null));
        assertEquals("größer als", jakarta.mail.internet.MimeUtility.decodeText(
                jakarta.mail.internet.MimeUtility.unfold(parsed.getHeader("X-Note", null))));
    }

    @Test
    void longMessageIdsStayWholeOnTheirOwnLine() throws Exception {
        String id = "<" + "a".repeat(180) + "@" + "b".repeat(40) + ".example>";
        Message m = base().messageId(id).references(List.of(id, id)).build();
        byte[] out = MessageWriter.toBytes(m, false);
        Wire.checkAndListHeaders(out);
        MimeMessage parsed = Wire.parse(out);
        assertEquals(id, parsed.getMessageID());
        assertEquals(id + " " + id, parsed.getHeader("References", null).replaceAll("\\s+", " ").strip());
    }

    @Test
    void textAndHtmlMakeMultipartAlternative() throws Exception {
        Message m = base().text("plain ü").html("<p>html ü</p>").build();
        byte[] out = MessageWriter.toBytes(m, false);
        Wire.checkAndListHeaders(out);
        MimeMessage parsed = Wire.parse(out);
        assertTrue(parsed.getContentType().startsWith("multipart/alternative"));
        Multipart mp = (Multipart) parsed.getContent();
        assertEquals(2, mp.getCount());
        assertTrue(mp.getBodyPart(0).isMimeType("text/plain"));
        assertTrue(mp.getBodyPart(1).isMimeType("text/html"));
        // Body parts end as their text does: the CRLF before a delimiter is the delimiter's.
        assertEquals("plain ü", Wire.textBody(parsed));
        assertEquals("<p>html ü</p>", Wire.htmlBody(parsed));
    }

    @Test
    void attachmentsMakeMultipartMixedWithBase64AndFileNamesReadBack() throws Exception {
        byte[] binary = new byte[1000];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 31);
        }
        String longName = "contexte-complet-de-l'erreur-" + "é".repeat(40) + ".log";
        Message m = base().text("see attached").html("<b>see attached</b>")
                .attach(Attachment.of("context.log", "text/plain; charset=UTF-8", "ligne 1\nligne 2".getBytes(StandardCharsets.UTF_8)))
                .attach(Attachment.of(longName, "application/octet-stream", binary))
                .attach(Attachment.of("empty.bin", "application/octet-stream", new byte[0]))
                .build();
        byte[] out = MessageWriter.toBytes(m, false);
        Wire.checkAndListHeaders(out);
        assertTrue(string(out).contains("Content-Transfer-Encoding: base64\r\n"));
        MimeMessage parsed = Wire.parse(out);
        assertTrue(parsed.getContentType().startsWith("multipart/mixed"));
        Multipart mp = (Multipart) parsed.getContent();
        assertEquals(4, mp.getCount());
        assertTrue(mp.getBodyPart(0).isMimeType("multipart/alternative"));
        assertEquals("see attached", Wire.textBody(parsed));

        assertEquals(Part.ATTACHMENT, mp.getBodyPart(1).getDisposition());
        assertEquals("context.log", mp.getBodyPart(1).getFileName());
        assertArrayEquals("ligne 1\nligne 2".getBytes(StandardCharsets.UTF_8), readAll(mp.getBodyPart(1).getInputStream()));
        assertEquals(longName, mp.getBodyPart(2).getFileName());
        assertArrayEquals(binary, readAll(mp.getBodyPart(2).getInputStream()));
        assertEquals("empty.bin", mp.getBodyPart(3).getFileName());
        assertEquals(0, readAll(mp.getBodyPart(3).getInputStream()).length);
    }

    @Test
    void aBodyPartEndsAsItsTextWithTrailingWhiteSpaceStillEncoded() throws Exception {
        Message m = base().text("état ").html("<p>x</p>").build();
        byte[] out = MessageWriter.toBytes(m, false);
        String wire = string(out);
        assertTrue(wire.contains("=C3=A9tat=20\r\n--"), wire);
        assertTrue(wire.contains("\r\n<p>x</p>\r\n--"), wire);
        MimeMessage parsed = Wire.parse(out);
        assertEquals("état ", Wire.textBody(parsed));
        assertEquals("<p>x</p>", Wire.htmlBody(parsed));
    }

    @Test
    void boundaryNeverOccursInRawText() throws Exception {
        // A text quoting a boundary the writer might use still parses into the same parts.
        String text = "--=_mailback_AAAA\r\n--\r\n--=_mailback_\r\nContent-Type: text/html\r\n";
        Message m = base().text(text).html("<i>x</i>").build();
        byte[] out = MessageWriter.toBytes(m, false);
        MimeMessage parsed = Wire.parse(out);
        assertEquals(2, ((Multipart) parsed.getContent()).getCount());
        assertEquals(text, Wire.textBody(parsed));
        String header = parsed.getContentType();
        String boundary = header.substring(header.indexOf("boundary=\"") + 10, header.lastIndexOf('"'));
        assertFalse(text.contains(boundary));
    }

    /** An email whose delivery is uncertain is sent again byte for byte: the same message, the same bytes. */
    @Test
    void aMessageWrittenTwiceGivesTheSameBytes() {
        Message m = base().text("état").html("<p>x</p>").build();
        assertArrayEquals(MessageWriter.toBytes(m, true), MessageWriter.toBytes(m, true));
        Message other = base().text("état").html("<p>x</p>").build();
        assertFalse(java.util.Arrays.equals(MessageWriter.toBytes(m, true), MessageWriter.toBytes(other, true)),
                "another message, another id, other boundaries");
    }

    /** Log data that holds the boundary a message's id gives cannot break the message: the next one is taken. */
    @Test
    void aTextHoldingTheBoundaryTheIdWouldGiveGetsAnother() throws Exception {
        Message probe = base().text("x").html("<i>x</i>").build();
        String wouldBe = Boundaries.next(probe.messageId() + "/alternative", List.of());
        Message m = base().messageId(probe.messageId()).text("--" + wouldBe + "\r\nContent-Type: text/html\r\n\r\n<b>fake")
                .html("<i>x</i>").build();
        MimeMessage parsed = Wire.parse(MessageWriter.toBytes(m, false));
        assertEquals(2, ((Multipart) parsed.getContent()).getCount());
        assertFalse(parsed.getContentType().contains(wouldBe), parsed.getContentType());
    }

    @Test
    void subjectCutAtTwoHundredFiftyCodePointsWithAnEllipsisNeverMidCharacter() throws Exception {
        String subject = "😀".repeat(300);
        MimeMessage parsed = Wire.parse(MessageWriter.toBytes(base().subject(subject).build(), false));
        String read = parsed.getSubject();
        assertEquals(250, read.codePointCount(0, read.length()));
        assertEquals("😀".repeat(249) + "\u2026", read);
    }

    @Test
    void encodedWordsAreAtMostSeventyFiveCharactersAndHeaderLinesAtMostSeventyEight() {
        Message m = base().subject("ü".repeat(200) + " word " + "x".repeat(70) + " 日本".repeat(40))
                .to(Address.of("long@example.com", "名前".repeat(50))).build();
        byte[] out = MessageWriter.toBytes(m, false);
        for (String line : Wire.headerBlock(out).split("\r\n")) {
            assertTrue(line.length() <= 78, "header line of " + line.length() + ": " + line);
            for (String word : line.trim().split(" ")) {
                if (word.startsWith("=?")) {
                    assertTrue(word.length() <= 75, word);
                }
            }
        }
    }

    @Test
    void eachEncodedWordHoldsWholeCharactersEvenSurrogatePairs() throws Exception {
        StringBuilder subject = new StringBuilder();
        for (int i = 0; i < 120; i++) {
            subject.append(i % 3 == 0 ? "🚨" : i % 3 == 1 ? "é" : "日").append(i % 7 == 0 ? " " : "");
        }
        Message m = base().from(Address.of("app@example.com", subject.toString())).subject(subject.toString()).build();
        byte[] out = MessageWriter.toBytes(m, false);
        int words = 0;
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("=\\?UTF-8\\?([BQ])\\?([^?]*)\\?=").matcher(Wire.headerBlock(out));
        while (matcher.find()) {
            words++;
            byte[] octets = matcher.group(1).equals("B")
                    ? java.util.Base64.getDecoder().decode(matcher.group(2))
                    : qDecode(matcher.group(2));
            // A strict decoder fails on a sequence cut in two.
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(octets));
        }
        assertTrue(words > 10, "expected many encoded words, found " + words);
        assertEquals(subject.toString().replaceAll(" +$", ""), Wire.parse(out).getSubject());
    }

    private static byte[] qDecode(String q) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < q.length(); i++) {
            char c = q.charAt(i);
            if (c == '=') {
                out.write(Integer.parseInt(q.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c == '_' ? ' ' : c);
            }
        }
        return out.toByteArray();
    }

    @Test
    void nonAsciiAddressIsWrittenAsUtf8SinceNothingElseCarriesIt() throws Exception {
        Message m = base().to(Address.of("josé@example.com", "José")).build();
        MailContent content = MessageWriter.content(m, false);
        assertTrue(content.eightBit());
        assertTrue(m.envelope().needsSmtpUtf8());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        content.writeTo(out);
        assertTrue(string(out.toByteArray()).contains("<josé@example.com>"));
    }

    @Test
    void backslashBeforeAFoldIsNotReadAsAnEscapedLineBreak() throws Exception {
        for (int n = 1; n < 90; n++) {
            String text = "a".repeat(n) + " \\ " + "b".repeat(40) + " c\\ d";
            MimeMessage parsed = Wire.parse(MessageWriter.toBytes(base().subject(text).header("X-Note", text).build(), false));
            assertEquals(text, parsed.getSubject(), "n=" + n);
            assertEquals(text, jakarta.mail.internet.MimeUtility.decodeText(
                    jakarta.mail.internet.MimeUtility.unfold(parsed.getHeader("X-Note", null))), "n=" + n);
        }
    }

    @Test
    void shorterOfBAndQIsChosen() {
        byte[] latin = MessageWriter.toBytes(base().subject("Prüfung fehlgeschlagen").build(), false);
        assertTrue(Wire.headerBlock(latin).contains("=?UTF-8?Q?"), Wire.headerBlock(latin));
        byte[] cjk = MessageWriter.toBytes(base().subject("日本語のテキスト").build(), false);
        assertTrue(Wire.headerBlock(cjk).contains("=?UTF-8?B?"), Wire.headerBlock(cjk));
    }

    @Test
    void contentWritesTheSameOctetsOnEverySendAttempt() throws Exception {
        Message m = base().subject("ü").text("ü").build();
        MailContent content = MessageWriter.content(m, true);
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        content.writeTo(first);
        content.writeTo(second);
        assertArrayEquals(first.toByteArray(), second.toByteArray());
        assertEquals(first.size(), content.size());
        assertTrue(content.eightBit());
        assertFalse(MessageWriter.content(m, false).eightBit());
    }

    @Test
    void writeStreamsToTheGivenOutputWithoutClosingIt() throws Exception {
        Message m = base().text("hello").build();
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                throw new AssertionError("closed");
            }
        };
        MessageWriter.write(m, out, false);
        assertTrue(out.size() > 0);
        assertEquals("hello\r\n", Wire.parse(out.toByteArray()).getContent());
    }

    private static byte[] readAll(InputStream in) throws Exception {
        try (in) {
            return in.readAllBytes();
        }
    }
}
