package io.github.mailback.mime;

import java.io.IOException;

/**
 * A body text seen as lines of UTF-8 octets. CRLF, lone CR and lone LF each end a line (the text
 * gets CRLF line ends, RFC 5322 section 2.3); a whole body that does not end with a line break gets
 * one (a body part need not: a delimiter follows); a lone surrogate becomes U+FFFD. Works on the
 * string in place, so a 10 MB body makes no copies.
 */
final class TextLines {
    private TextLines() {
    }

    /** Feeds the text to the sink, a line break added at its end when missing. */
    static void write(String text, LineSink sink) throws IOException {
        write(text, sink, true);
    }

    /** Feeds the text to the sink; {@code closeLastLine} false for a body part, which ends as the text does. */
    static void write(String text, LineSink sink, boolean closeLastLine) throws IOException {
        int n = text.length();
        boolean lineOpen = false;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                    i++;
                }
                sink.endLine();
                lineOpen = false;
                continue;
            }
            lineOpen = true;
            int cp = c;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                cp = Character.toCodePoint(c, text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                cp = 0xFFFD;
            }
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
        if (lineOpen && closeLastLine) {
            sink.endLine();
        } else if (lineOpen) {
            sink.endWithoutLineBreak();
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

    /** Counts octets per line, and notes NUL and octets above 127. */
    static final class Profile implements LineSink {
        int longestLine;
        boolean eightBit;
        boolean nul;
        private int current;

        @Override
        public void write(int octet) {
            current++;
            eightBit |= octet > 0x7f;
            nul |= octet == 0;
        }

        @Override
        public void endLine() {
            longestLine = Math.max(longestLine, current);
            current = 0;
        }
    }
}
