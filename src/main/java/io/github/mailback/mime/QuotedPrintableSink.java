package io.github.mailback.mime;

import java.io.IOException;

/**
 * The quoted-printable encoding (RFC 2045 section 6.7), streaming: encoded lines of at most 76
 * characters, soft line breaks ({@code =} CRLF) inside long lines, and white space at the end of a
 * line encoded (rule 3) because transports may strip it. A space or tab is held back one octet to
 * know whether it ends the line.
 */
final class QuotedPrintableSink implements LineSink {
    /** Rule 5: encoded lines are at most 76 characters, the soft break's "=" included. */
    private static final int MAX_LINE = 76;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final OctetOutput out;
    private int column;
    private int pendingBlank = -1;

    QuotedPrintableSink(OctetOutput out) {
        this.out = out;
    }

    @Override
    public void write(int octet) throws IOException {
        if (pendingBlank >= 0) {
            literal(pendingBlank);
            pendingBlank = -1;
        }
        if (octet == ' ' || octet == '\t') {
            pendingBlank = octet;
        } else if (octet >= 33 && octet <= 126 && octet != '=') {
            literal(octet);
        } else {
            encoded(octet);
        }
    }

    @Override
    public void endLine() throws IOException {
        if (pendingBlank >= 0) {
            encoded(pendingBlank);
            pendingBlank = -1;
        }
        out.write('\r');
        out.write('\n');
        column = 0;
    }

    @Override
    public void endWithoutLineBreak() throws IOException {
        // The delimiter's CRLF follows: white space before it is still at the end of a line (rule 3).
        if (pendingBlank >= 0) {
            encoded(pendingBlank);
            pendingBlank = -1;
        }
    }

    private void literal(int octet) throws IOException {
        room(1);
        out.write(octet);
        column++;
    }

    private void encoded(int octet) throws IOException {
        room(3);
        out.write('=');
        out.write(HEX[(octet >> 4) & 0xf]);
        out.write(HEX[octet & 0xf]);
        column += 3;
    }

    /** Breaks the line softly unless {@code width} more characters leave room for a closing "=". */
    private void room(int width) throws IOException {
        if (column + width > MAX_LINE - 1) {
            out.write('=');
            out.write('\r');
            out.write('\n');
            column = 0;
        }
    }
}
