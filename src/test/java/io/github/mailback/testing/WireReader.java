package io.github.mailback.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The server side's reader of one connection: command lines and DATA content, both bounded, and a count
 * of socket reads so that lines which arrived in the same read (pipelined, RFC 2920) can be told apart
 * from lines that arrived one round trip after another.
 */
final class WireReader {
    private final InputStream in;
    private final byte[] buffer = new byte[16 * 1024];
    private int pos;
    private int limit;
    private long reads;

    WireReader(InputStream in, long readsSoFar) {
        this.in = in;
        this.reads = readsSoFar;
    }

    /** The number of socket reads made so far on this connection (carried over across STARTTLS). */
    long reads() {
        return reads;
    }

    /** Bytes already read from the socket but not yet consumed. */
    int buffered() {
        return limit - pos;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        reads++;
        return true;
    }

    /**
     * Reads one line ended by LF (a CR before it is dropped; a bare LF is taken as a line end too, the
     * way lenient servers do, so that a client which lets LF into a command is caught splitting it).
     * Returns null at the end of the stream. Throws when the line is longer than {@code maxLength}.
     */
    byte[] readLine(int maxLength) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            if (pos == limit && !fill()) {
                if (line.size() == 0) {
                    return null;
                }
                throw new EOFException("connection closed inside a command line");
            }
            byte b = buffer[pos++];
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length;
                if (n > 0 && bytes[n - 1] == '\r') {
                    return java.util.Arrays.copyOf(bytes, n - 1);
                }
                return bytes;
            }
            if (line.size() >= maxLength) {
                throw new LineTooLongException();
            }
            line.write(b);
        }
    }

    /**
     * Reads DATA content up to the terminator (RFC 5321 section 4.1.1.4: the only end is CRLF "." CRLF,
     * where the CRLF before the dot may be the one that ended the DATA command). Returns the raw bytes
     * including the terminator, or null when more than {@code maxBytes} came (the content is then read
     * to its end and dropped).
     */
    byte[] readData(int maxBytes) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream(1024);
        boolean overflow = false;
        // The last five bytes seen, to find CRLF.CRLF even when the content itself is being dropped.
        int w0 = 0, w1 = 0, w2 = 0, w3 = '\r', w4 = '\n';
        while (true) {
            if (pos == limit && !fill()) {
                throw new EOFException("connection closed inside DATA");
            }
            byte b = buffer[pos++];
            if (!overflow) {
                if (raw.size() >= maxBytes) {
                    overflow = true;
                } else {
                    raw.write(b);
                }
            }
            w0 = w1;
            w1 = w2;
            w2 = w3;
            w3 = w4;
            w4 = b & 0xff;
            if (w4 == '\n' && w3 == '\r' && w2 == '.' && w1 == '\n' && w0 == '\r') {
                return overflow ? null : raw.toByteArray();
            }
        }
    }

    /** A command line over the server's limit. */
    static final class LineTooLongException extends IOException {
        private static final long serialVersionUID = 1L;

        LineTooLongException() {
            super("command line too long");
        }
    }
}
