package io.github.mailback.mime;

import java.io.IOException;

/**
 * A body text seen as lines of UTF-8 octets. CRLF, lone CR and lone LF each end a line (the text
 * gets CRLF line ends, RFC 5322 section 2.3); a whole body that does not end with a line break gets
 * one (a body part need not: a delimiter follows); a lone surrogate becomes U+FFFD. Fed in pieces
 * of any size, a string's or a file's decoded chunks, with the same result: a CRLF or a surrogate
 * pair split between two pieces is held over. So a 10 MB string is never copied whole, and a file
 * larger than the heap goes through a fixed buffer.
 */
final class TextLines {
    /** The most chars converted at once. */
    private static final int RUN = 8192;

    private final LineSink sink;
    /** The octets of a run of ASCII, made when first needed. */
    private byte[] run;
    private boolean lineOpen;
    /** The last char was a CR: an LF now is the second half of the same line break. */
    private boolean afterCr;
    /** A high surrogate waiting for its low half, or 0. */
    private char high;

    /** Lines for the sink; {@link #finish} ends them. */
    TextLines(LineSink sink) {
        this.sink = sink;
    }

    /** Feeds the text to the sink, a line break added at its end when missing. */
    static void write(String text, LineSink sink) throws IOException {
        write(text, sink, true);
    }

    /** Feeds the text to the sink; {@code closeLastLine} false for a body part, which ends as the text does. */
    static void write(String text, LineSink sink, boolean closeLastLine) throws IOException {
        TextLines lines = new TextLines(sink);
        lines.feed(text);
        lines.finish(closeLastLine);
    }

    /** Feeds the next piece of the text. */
    void feed(String text) throws IOException {
        char[] chars = new char[Math.min(text.length(), RUN)];
        for (int i = 0, n = text.length(); i < n; i += chars.length) {
            int len = Math.min(chars.length, n - i);
            text.getChars(i, i + len, chars, 0);
            feed(chars, 0, len);
        }
    }

    /** Feeds the next piece of the text. */
    void feed(char[] chars, int off, int len) throws IOException {
        int end = off + len;
        int i = off;
        while (i < end) {
            if (!afterCr && high == 0) {
                // A run of ASCII but CR and LF is its own octets: written at once, as a file is mostly made of.
                int n = Math.min(end - i, RUN);
                if (run == null || run.length < n) {
                    run = new byte[n];
                }
                int k = 0;
                for (char c; k < n && (c = chars[i + k]) < 0x80 && c != '\r' && c != '\n'; k++) {
                    run[k] = (byte) c;
                }
                if (k > 0) {
                    lineOpen = true;
                    sink.write(run, 0, k);
                    i += k;
                    continue;
                }
            }
            put(chars[i++]);
        }
    }

    /** Ends the text; {@code closeLastLine} false for a body part, which ends as the text does. */
    void finish(boolean closeLastLine) throws IOException {
        if (high != 0) {
            high = 0;
            codePoint(0xFFFD);
        }
        if (lineOpen && closeLastLine) {
            sink.endLine();
        } else if (lineOpen) {
            sink.endWithoutLineBreak();
        }
        lineOpen = false;
    }

    private void put(char c) throws IOException {
        if (afterCr) {
            afterCr = false;
            if (c == '\n') {
                return;
            }
        }
        if (high != 0) {
            char h = high;
            high = 0;
            if (Character.isLowSurrogate(c)) {
                codePoint(Character.toCodePoint(h, c));
                return;
            }
            codePoint(0xFFFD);
        }
        if (c == '\r' || c == '\n') {
            sink.endLine();
            lineOpen = false;
            afterCr = c == '\r';
            return;
        }
        lineOpen = true;
        if (Character.isHighSurrogate(c)) {
            high = c;
        } else if (c < 0x80) {
            sink.write(c);
        } else {
            codePoint(Character.isSurrogate(c) ? 0xFFFD : c);
        }
    }

    private void codePoint(int cp) throws IOException {
        if (cp < 0x80) {
            sink.write(cp);
        } else if (cp < 0x800) {
            sink.write(0xC0 | cp >> 6);
            sink.write(0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            sink.write(0xE0 | cp >> 12);
            sink.write(0x80 | cp >> 6 & 0x3F);
            sink.write(0x80 | cp & 0x3F);
        } else {
            sink.write(0xF0 | cp >> 18);
            sink.write(0x80 | cp >> 12 & 0x3F);
            sink.write(0x80 | cp >> 6 & 0x3F);
            sink.write(0x80 | cp & 0x3F);
        }
    }

    /** What the text needs from a transfer encoding, measured with the same line rules. */
    static Profile profile(String text) {
        Profile p = new Profile();
        try {
            write(text, p);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return p;
    }

    /**
     * Counts octets per line, and notes NUL, octets above 127, and the prefix every multipart boundary
     * starts with ({@link Boundaries}): a text without it can hold no boundary.
     */
    static final class Profile implements LineSink {
        private static final byte[] BOUNDARY_PREFIX = Boundaries.PREFIX.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        int longestLine;
        boolean eightBit;
        boolean nul;
        boolean boundaryPrefix;
        private int current;
        private int matched;

        @Override
        public void write(int octet) {
            current++;
            eightBit |= octet > 0x7f;
            nul |= octet == 0;
            // The prefix has one '=', at its start: a mismatch can only restart the match there.
            if (octet == BOUNDARY_PREFIX[matched]) {
                if (++matched == BOUNDARY_PREFIX.length) {
                    boundaryPrefix = true;
                    matched = 0;
                }
            } else {
                matched = octet == '=' ? 1 : 0;
            }
        }

        @Override
        public void write(byte[] octets, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(octets[i] & 0xff);
            }
        }

        @Override
        public void endLine() {
            longestLine = Math.max(longestLine, current);
            current = 0;
            matched = 0;
        }
    }
}
