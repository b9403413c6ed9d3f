package io.github.mailback.mime;

import java.io.IOException;

/** Receives a body as octets, line by line, and writes it in some transfer encoding. */
interface LineSink {
    /** One octet of the current line (never CR or LF). */
    void write(int octet) throws IOException;

    /** Octets of the current line (never CR or LF), as {@link #write(int)} would take them one by one. */
    default void write(byte[] octets, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(octets[i] & 0xff);
        }
    }

    /** Ends the current line. */
    void endLine() throws IOException;

    /**
     * Ends a last line that has no line break, in a body part: the CRLF of the boundary delimiter that
     * follows ends it on the wire (RFC 2046 section 5.1.1), so the part's text ends where it did.
     */
    default void endWithoutLineBreak() throws IOException {
    }
}
