package io.github.mailback.mime;

/**
 * One header field being written: the name, then tokens separated by single spaces, folded before a
 * token when the line would pass 78 characters (RFC 5322 section 2.1.1, 2.2.3). A token is never
 * split, so an encoded word or an address stays whole; only tokens the caller cannot shorten (a long
 * Message-ID or address) make a line longer than 78, and those are bounded far below 998.
 */
final class HeaderLine {
    /** RFC 5322 section 2.1.1: lines SHOULD be at most 78 characters. */
    static final int SOFT_LIMIT = 78;

    private final StringBuilder out = new StringBuilder(128);
    private int lineLength;

    HeaderLine(String name) {
        out.append(name).append(':');
        lineLength = name.length() + 1;
    }

    /** Characters left on the current line for a token after its separating space. */
    int room() {
        return SOFT_LIMIT - lineLength - 1;
    }

    /** Characters a token gets on a fresh continuation line. */
    static int freshRoom() {
        return SOFT_LIMIT - 1;
    }

    /** Appends a space and the token, folding first when it would not fit on this line. */
    HeaderLine token(String token) {
        if (lineLength + 1 + token.length() > SOFT_LIMIT && lineLength > 0) {
            // Folding is CRLF followed by the white space already separating the tokens (section 2.2.3).
            out.append("\r\n");
            lineLength = 0;
        }
        out.append(' ').append(token);
        lineLength += 1 + token.length();
        return this;
    }

    /** The whole field, CRLF terminated. */
    String toField() {
        return out + "\r\n";
    }
}
