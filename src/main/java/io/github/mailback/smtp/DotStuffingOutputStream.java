package io.github.mailback.smtp;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes message content for DATA (RFC 5321 section 4.5.2): every line end, whether CRLF, bare CR or
 * bare LF, becomes CRLF; a dot at the start of a line is doubled; {@link #finish()} ends the last line
 * and writes the only terminator, CRLF.CRLF. Because no bare CR or LF ever reaches the wire, content
 * cannot smuggle a second message past a server that accepts other terminators (CVE-2023-51764).
 */
final class DotStuffingOutputStream extends FilterOutputStream {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] TERMINATOR = {'.', '\r', '\n'};

    private boolean atLineStart = true;
    private boolean pendingCr;

    DotStuffingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        byte[] one = {(byte) b};
        write(one, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int end = off + len;
        int run = off; // start of bytes not yet written that need no change
        for (int i = off; i < end; i++) {
            byte c = b[i];
            if (pendingCr) {
                // The CR before this byte was held back to see whether an LF follows it.
                pendingCr = false;
                out.write(CRLF);
                atLineStart = true;
                if (c == '\n') {
                    run = i + 1;
                    continue;
                }
            }
            if (c == '\r' || c == '\n') {
                out.write(b, run, i - run);
                if (c == '\r') {
                    pendingCr = true;
                } else {
                    out.write(CRLF);
                    atLineStart = true;
                }
                run = i + 1;
            } else if (atLineStart) {
                atLineStart = false;
                if (c == '.') {
                    out.write(b, run, i - run);
                    out.write('.');
                    run = i; // the original dot is written with the run
                }
            }
        }
        out.write(b, run, end - run);
    }

    /** Ends the last line if needed and writes the terminator. Does not close the underlying stream. */
    void finish() throws IOException {
        if (pendingCr) {
            pendingCr = false;
            out.write(CRLF);
            atLineStart = true;
        }
        if (!atLineStart) {
            out.write(CRLF);
        }
        out.write(TERMINATOR);
        out.flush();
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("finish() ends the data; the connection stays open");
    }
}
