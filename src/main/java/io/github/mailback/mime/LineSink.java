package io.github.mailback.mime;

import java.io.IOException;

/** Receives a body as octets, line by line, and writes it in some transfer encoding. */
interface LineSink {
    /** One octet of the current line (never CR or LF). */
    void write(int octet) throws IOException;

    /** Ends the current line. */
    void endLine() throws IOException;
}
