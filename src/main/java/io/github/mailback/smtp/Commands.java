package io.github.mailback.smtp;

/** Guards for what goes into a command line (RFC 5321 section 2.3.8: CR and LF only as CRLF, no NUL). */
final class Commands {
    private Commands() {
    }

    /**
     * Returns {@code value} when it holds no character that could end or split a command line: CR, LF,
     * NUL, other C0 controls, DEL and the Unicode line separators. Commands are written in UTF-8, where
     * no other character becomes one of those octets.
     */
    static String checkArgument(String value, String what) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                throw new IllegalArgumentException(
                        what + " contains a control character (\\x" + Integer.toHexString(c) + "): refused");
            }
        }
        return value;
    }
}
