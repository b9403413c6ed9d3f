package io.github.mailback.mime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A plain text body read from a UTF-8 file, in a fixed buffer: {@link #scan} reads it once to choose
 * its transfer encoding and to measure the encoded body for SIZE (RFC 1870), {@link #write} reads it
 * again as it is sent (and once more before, to measure it, when it goes quoted-printable). Decoded as {@code new String(bytes, UTF_8)} decodes (a malformed sequence
 * becomes U+FFFD) and then written by {@link TextLines}, as a string body is, so that both give the
 * same octets. A file that grows after the scan is sent as it was then (the first {@link #length}
 * octets: a log still being written is cut where the scan ended); one that changes otherwise fails
 * the write before the message ends, since its encoding and size were chosen for other content.
 */
final class TextFile {
    private static final int CHUNK = 64 * 1024;

    final Path path;
    /** Octets scanned, and the only ones read again. */
    final long length;
    private final long checksum;
    /** What the text needs from a transfer encoding. */
    final TextLines.Profile profile;
    private final long rawSize;

    private TextFile(Path path, long length, long checksum, TextLines.Profile profile, long rawSize) {
        this.path = path;
        this.length = length;
        this.checksum = checksum;
        this.profile = profile;
        this.rawSize = rawSize;
    }

    /**
     * Reads the file to its end once: its profile, and its size as {@code 7bit} or {@code 8bit}, as the
     * whole body ({@code closeLastLine}) or as a body part.
     */
    static TextFile scan(Path path, boolean closeLastLine) throws IOException {
        return scan(path, closeLastLine, CHUNK);
    }

    /** {@link #scan} with a buffer of {@code chunk} octets (tests split the text at every place). */
    static TextFile scan(Path path, boolean closeLastLine, int chunk) throws IOException {
        if (!Files.isRegularFile(path) && Files.exists(path)) {
            // A pipe would give nothing, or block, the second time.
            throw new FileSystemException(path.toString(), null, "not a regular file, and a text file is read twice");
        }
        Measure measure = new Measure();
        CRC32C crc = new CRC32C();
        long length = read(path, Long.MAX_VALUE, crc, new TextLines(measure), closeLastLine, chunk);
        return new TextFile(path, length, crc.getValue(), measure.profile, measure.raw);
    }

    /**
     * The encoded body's size in octets. Quoted-printable is measured by reading the file again through
     * its writer: counting it in the scan would cost every file what only the few sent that way need.
     */
    long size(TransferEncoding encoding, boolean closeLastLine) throws IOException {
        if (encoding != TransferEncoding.QUOTED_PRINTABLE) {
            return rawSize;
        }
        Count count = new Count();
        OctetOutput out = new OctetOutput(count);
        write(new QuotedPrintableSink(out), closeLastLine);
        out.flush();
        return count.count;
    }

    /** Reads the scanned octets again into the sink; throws when they are no longer what was scanned. */
    void write(LineSink sink, boolean closeLastLine) throws IOException {
        write(sink, closeLastLine, CHUNK);
    }

    void write(LineSink sink, boolean closeLastLine, int chunk) throws IOException {
        CRC32C crc = new CRC32C();
        long read = read(path, length, crc, new TextLines(sink), closeLastLine, chunk);
        if (read != length || crc.getValue() != checksum) {
            throw new FileSystemException(path.toString(), null, "changed while it was being sent (" + length
                    + " octets when scanned, " + (read != length ? "now " + read : "other content now")
                    + "); the message was not ended");
        }
    }

    /** Reads at most {@code limit} octets into the lines and ends them; returns the number read. */
    private static long read(Path path, long limit, CRC32C crc, TextLines lines, boolean closeLastLine, int chunk)
            throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        // Room for the chunk and for the start of a sequence (at most 3 octets) that the last one cut off;
        // and for a surrogate pair.
        ByteBuffer in = ByteBuffer.allocate(chunk + 3);
        CharBuffer out = CharBuffer.allocate(Math.max(chunk, 2));
        long total = 0;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            boolean end = false;
            while (!end) {
                int room = (int) Math.min(chunk, limit - total);
                int n = -1;
                if (room > 0) {
                    int start = in.position();
                    in.limit(start + room);
                    n = channel.read(in);
                    in.limit(in.capacity());
                    if (n > 0) {
                        crc.update(in.array(), start, n);
                        total += n;
                    }
                }
                end = n < 0;
                in.flip();
                CoderResult result;
                do {
                    // With REPLACE, the decoder never reports an error: it underflows or overflows.
                    result = decoder.decode(in, out, end);
                    drain(out, lines);
                } while (result.isOverflow());
                in.compact();
            }
            while (decoder.flush(out).isOverflow()) {
                drain(out, lines);
            }
            drain(out, lines);
        }
        lines.finish(closeLastLine);
        return total;
    }

    private static void drain(CharBuffer chars, TextLines lines) throws IOException {
        chars.flip();
        lines.feed(chars.array(), chars.position(), chars.remaining());
        chars.clear();
    }

    /**
     * The scan's sink: the profile as a string body's (its last line always ended, as
     * {@link TextLines#profile} ends it), and the octets of the {@code 7bit} and {@code 8bit} encodings.
     */
    private static final class Measure implements LineSink {
        final TextLines.Profile profile = new TextLines.Profile();
        long raw;

        @Override
        public void write(int octet) {
            profile.write(octet);
            raw++;
        }

        @Override
        public void write(byte[] octets, int off, int len) {
            profile.write(octets, off, len);
            raw += len;
        }

        @Override
        public void endLine() {
            profile.endLine();
            raw += 2;
        }

        @Override
        public void endWithoutLineBreak() {
            profile.endLine();
        }
    }

    /** Counts what is written to it, and notes an octet above 127. */
    static final class Count extends OutputStream {
        long count;
        boolean eightBit;

        @Override
        public void write(int b) {
            count++;
            eightBit |= (b & 0x80) != 0;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
            for (int i = off; i < off + len && !eightBit; i++) {
                eightBit = b[i] < 0;
            }
        }
    }
}
