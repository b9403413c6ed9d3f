package io.github.mailback.mime;

import java.io.IOException;

/** Writes lines as they are, CRLF terminated: the {@code 7bit} and {@code 8bit} encodings. */
final class RawLineSink implements LineSink {
    private final OctetOutput out;

    RawLineSink(OctetOutput out) {
        this.out = out;
    }

    @Override
    public void write(int octet) throws IOException {
        out.write(octet);
    }

    @Override
    public void write(byte[] octets, int off, int len) throws IOException {
        out.write(octets, off, len);
    }

    @Override
    public void endLine() throws IOException {
        out.write('\r');
        out.write('\n');
    }
}
