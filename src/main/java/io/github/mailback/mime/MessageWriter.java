package io.github.mailback.mime;

import io.github.mailback.smtp.MailContent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Writes a {@link Message} as RFC 5322 / MIME octets: CRLF line ends only, no line over 998 octets,
 * header text 7-bit (RFC 2047 encoded words; only a non-ASCII address itself is written as UTF-8,
 * RFC 6532, since nothing else can carry it). Header text follows the rule of {@link HeaderText}:
 * control characters and line separators become a space, so data can never add a header. The
 * subject is cut to 250 code points with an ellipsis. Bcc is never written.
 *
 * <p>Bodies are UTF-8: {@code 7bit} when ASCII with short lines, {@code 8bit} when allowed (8BITMIME)
 * and the lines fit, quoted-printable otherwise; attachments base64. Text plus HTML is
 * {@code multipart/alternative}; attachments make a {@code multipart/mixed}. Bodies are streamed
 * from the strings, not copied, and a {@link Message#textFile() text file} through a fixed buffer, so
 * that its size is bounded by the disk rather than by the heap.
 */
public final class MessageWriter {
    /** RFC 5322 section 3.3 date-time with a numeric zone. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US);
    /** 57 octets make one 76-character base64 line (RFC 2045 section 6.8). */
    private static final int BASE64_LINE_OCTETS = 57;
    private static final byte[] CRLF = {'\r', '\n'};

    private MessageWriter() {
    }

    /**
     * Writes the message to {@code out} (buffered internally, flushed, not closed). A {@link Message#textFile()
     * text file} is read twice, to choose its encoding and then to write it.
     */
    public static void write(Message m, OutputStream out, boolean allow8bit) throws IOException {
        write(m, out, allow8bit, m.textFile() == null ? null : TextFile.scan(m.textFile(), isWhole(m)), null);
    }

    /**
     * {@code file}: the scanned text file, or null for the text string. {@code measure}: when not null, the
     * stream under {@code out}, and the file is not read: the size its body would have is added to it.
     */
    private static void write(Message m, OutputStream out, boolean allow8bit, TextFile file, TextFile.Count measure)
            throws IOException {
        OctetOutput buffered = new OctetOutput(out);
        writeHeaders(m, buffered);
        writeBody(m, file, measure, buffered, allow8bit);
        buffered.flush();
    }

    /** The message as octets. */
    public static byte[] toBytes(Message m, boolean allow8bit) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(initialSize(m));
        try {
            write(m, out, allow8bit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The message as content for the SMTP client. With a text string, written once now and resent as is.
     * With a {@link Message#textFile() text file}, the file is read once now, to choose its encoding and
     * know the message's size (for SIZE, RFC 1870), and again at each send, streamed in a fixed buffer;
     * throws {@link UncheckedIOException} when it cannot be read now, and the send fails (before the
     * message ends, so that the server drops it) when it no longer holds what was read now.
     */
    public static MailContent content(Message m, boolean allow8bit) {
        if (m.textFile() == null) {
            return MailContent.of(toBytes(m, allow8bit));
        }
        try {
            return new FileContent(m, allow8bit, TextFile.scan(m.textFile(), isWhole(m)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text is the whole body, which ends with a line break; a body part ends as its text does. */
    private static boolean isWhole(Message m) {
        return m.html() == null && m.attachments().isEmpty();
    }

    private static int initialSize(Message m) {
        long size = 2048L + m.text().length() * 2L + (m.html() == null ? 0 : m.html().length() * 2L);
        for (Attachment a : m.attachments()) {
            size += a.size() * 4L / 3 + 512;
        }
        return (int) Math.min(size, Integer.MAX_VALUE - 16);
    }

    private static void writeHeaders(Message m, OctetOutput out) throws IOException {
        field(out, new HeaderLine("Date").token(DATE.format(m.date())));
        field(out, addresses("From", List.of(m.from())));
        if (!m.replyTo().isEmpty()) {
            field(out, addresses("Reply-To", m.replyTo()));
        }
        if (!m.to().isEmpty()) {
            field(out, addresses("To", m.to()));
        }
        if (!m.cc().isEmpty()) {
            field(out, addresses("Cc", m.cc()));
        }
        String subject = HeaderText.cut(HeaderText.clean(m.subject()), HeaderText.MAX_SUBJECT_CODE_POINTS);
        if (!subject.isEmpty()) {
            HeaderLine line = new HeaderLine("Subject");
            EncodedWords.unstructured(line, subject);
            field(out, line);
        }
        field(out, new HeaderLine("Message-ID").token(m.messageId()));
        if (m.inReplyTo() != null) {
            field(out, new HeaderLine("In-Reply-To").token(m.inReplyTo()));
        }
        if (!m.references().isEmpty()) {
            HeaderLine line = new HeaderLine("References");
            for (String id : m.references()) {
                line.token(id);
            }
            field(out, line);
        }
        for (Header h : m.headers()) {
            HeaderLine line = new HeaderLine(h.name());
            EncodedWords.unstructured(line, HeaderText.clean(h.value()));
            field(out, line);
        }
        field(out, new HeaderLine("MIME-Version").token("1.0"));
    }

    private static HeaderLine addresses(String name, List<Address> list) {
        HeaderLine line = new HeaderLine(name);
        for (int i = 0; i < list.size(); i++) {
            Address a = list.get(i);
            String comma = i < list.size() - 1 ? "," : "";
            String displayName = HeaderText.clean(a.displayName());
            if (displayName.isEmpty()) {
                line.token(a.email() + comma);
            } else {
                EncodedWords.phrase(line, displayName);
                line.token("<" + a.email() + ">" + comma);
            }
        }
        return line;
    }

    private static void writeBody(Message m, TextFile file, TextFile.Count measure, OctetOutput out, boolean allow8bit)
            throws IOException {
        if (m.attachments().isEmpty()) {
            writeTextOrAlternative(m, file, measure, out, allow8bit, "");
            return;
        }
        List<String> raw = new ArrayList<>();
        raw.add(m.text());
        if (m.html() != null) {
            raw.add(m.html());
        }
        String boundary = Boundaries.next(m.messageId() + "/mixed", raw);
        multipartHeader(out, "mixed", boundary);
        delimiter(out, boundary, false);
        writeTextOrAlternative(m, file, measure, out, allow8bit, boundary);
        for (Attachment a : m.attachments()) {
            delimiter(out, boundary, true);
            writeAttachment(a, out);
        }
        closeDelimiter(out, boundary);
    }

    /** {@code outerBoundary}, when not empty, is kept out of the inner boundary too. */
    private static void writeTextOrAlternative(Message m, TextFile file, TextFile.Count measure, OctetOutput out,
            boolean allow8bit, String outerBoundary) throws IOException {
        if (m.html() == null) {
            writePlain(m, file, measure, out, allow8bit, outerBoundary.isEmpty());
            return;
        }
        String boundary = Boundaries.next(m.messageId() + "/alternative", List.of(m.text(), m.html(), outerBoundary));
        multipartHeader(out, "alternative", boundary);
        delimiter(out, boundary, false);
        writePlain(m, file, measure, out, allow8bit, false);
        delimiter(out, boundary, true);
        writeText(m.html(), "html", out, allow8bit, false);
        closeDelimiter(out, boundary);
    }

    /** {@code whole}: the message's only body, which ends with a line break; a body part ends as its text does. */
    private static void writeText(String text, String subtype, OctetOutput out, boolean allow8bit, boolean whole)
            throws IOException {
        TransferEncoding encoding = TransferEncoding.forText(TextLines.profile(text), allow8bit);
        TextLines.write(text, textHeader(subtype, encoding, out), whole);
    }

    /** The fields of a text part and the empty line after them; returns the sink for its lines. */
    private static LineSink textHeader(String subtype, TransferEncoding encoding, OctetOutput out) throws IOException {
        field(out, new HeaderLine("Content-Type").token("text/" + subtype + ";").token("charset=UTF-8"));
        field(out, new HeaderLine("Content-Transfer-Encoding").token(encoding.token));
        out.write(CRLF);
        return encoding == TransferEncoding.QUOTED_PRINTABLE ? new QuotedPrintableSink(out) : new RawLineSink(out);
    }

    /**
     * The plain text: the message's string, or the scanned {@code file} when not null, read or only
     * measured ({@code measure} not null: see {@link #write(Message, OutputStream, boolean, TextFile, TextFile.Count)}).
     */
    private static void writePlain(Message m, TextFile file, TextFile.Count measure, OctetOutput out,
            boolean allow8bit, boolean whole) throws IOException {
        if (file == null) {
            writeText(m.text(), "plain", out, allow8bit, whole);
            return;
        }
        // A text without the prefix of every boundary holds none; one with it goes quoted-printable,
        // which cannot hold one either (see Boundaries). A string is checked against the boundary itself.
        TransferEncoding encoding = !whole && file.profile.boundaryPrefix ? TransferEncoding.QUOTED_PRINTABLE
                : TransferEncoding.forText(file.profile, allow8bit);
        LineSink sink = textHeader("plain", encoding, out);
        if (measure == null) {
            file.write(sink, whole);
        } else {
            measure.count += file.size(encoding, whole);
            measure.eightBit |= encoding == TransferEncoding.EIGHT_BIT;
        }
    }

    /** A message with a text file: measured now without reading the file again, streamed at each send. */
    private static final class FileContent implements MailContent {
        private final Message message;
        private final boolean allow8bit;
        private final TextFile file;
        private final long size;
        private final boolean eightBit;

        FileContent(Message message, boolean allow8bit, TextFile file) throws IOException {
            this.message = message;
            this.allow8bit = allow8bit;
            this.file = file;
            TextFile.Count count = new TextFile.Count();
            MessageWriter.write(message, count, allow8bit, file, count);
            this.size = count.count;
            this.eightBit = count.eightBit;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            MessageWriter.write(message, out, allow8bit, file, null);
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public boolean eightBit() {
            return eightBit;
        }
    }

    private static void writeAttachment(Attachment a, OctetOutput out) throws IOException {
        String fileName = HeaderText.clean(a.fileName());
        HeaderLine type = new HeaderLine("Content-Type").token(a.contentType() + ";");
        Parameters.text(type, "name", fileName, false);
        field(out, type);
        field(out, new HeaderLine("Content-Transfer-Encoding").token(TransferEncoding.BASE64.token));
        HeaderLine disposition = new HeaderLine("Content-Disposition").token("attachment;");
        Parameters.text(disposition, "filename", fileName, false);
        field(out, disposition);
        out.write(CRLF);
        byte[] data = a.bytes();
        Base64.Encoder encoder = Base64.getEncoder();
        for (int off = 0; off < data.length; off += BASE64_LINE_OCTETS) {
            int len = Math.min(BASE64_LINE_OCTETS, data.length - off);
            ByteBuffer encoded = encoder.encode(ByteBuffer.wrap(data, off, len));
            out.write(encoded.array(), encoded.arrayOffset(), encoded.remaining());
            out.write(CRLF);
        }
    }

    private static void multipartHeader(OctetOutput out, String subtype, String boundary) throws IOException {
        field(out, new HeaderLine("Content-Type").token("multipart/" + subtype + ";").token("boundary=\"" + boundary + "\""));
        out.write(CRLF);
    }

    /** RFC 2046 section 5.1.1: the CRLF before "--boundary" belongs to the delimiter. */
    private static void delimiter(OctetOutput out, String boundary, boolean afterPart) throws IOException {
        ascii(out, (afterPart ? "\r\n--" : "--") + boundary + "\r\n");
    }

    private static void closeDelimiter(OctetOutput out, String boundary) throws IOException {
        ascii(out, "\r\n--" + boundary + "--\r\n");
    }

    private static void field(OctetOutput out, HeaderLine line) throws IOException {
        // Only an address may hold non-ASCII here (RFC 6532); everything else is ASCII already.
        out.write(line.toField().getBytes(StandardCharsets.UTF_8));
    }

    private static void ascii(OctetOutput out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
    }
}
