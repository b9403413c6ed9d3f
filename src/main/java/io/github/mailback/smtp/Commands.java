package io.github.mailback.smtp;

import io.github.mailback.internal.ControlCharacters;

/** Guards for what goes into a command line (RFC 5321 section 2.3.8: CR and LF only as CRLF, no NUL). */
final class Commands {
    private Commands() {
    }

    /**
     * Returns {@code value} when it holds no control character ({@link ControlCharacters}): CR, LF and
     * NUL could end or split the command line, and the others, TAB included, belong in no command, host
     * or EHLO name. Commands are written in UTF-8, where no other character becomes one of those octets.
     */
    static String checkArgument(String value, String what) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (ControlCharacters.isControl(c)) {
                throw new IllegalArgumentException(
                        what + " contains a control character (\\x" + Integer.toHexString(c) + "): refused");
            }
        }
        return value;
    }
}
