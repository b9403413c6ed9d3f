package io.github.mailback.redact;

/** The character classes the rules share, and their word lists. */
final class Chars {
    /** {@link #isWord} for ASCII, looked up: the main loop asks it of nearly every character. */
    private static final boolean[] ASCII_WORD = new boolean[0x80];

    static {
        for (char c = 0; c < 0x80; c++) {
            ASCII_WORD[c] = isAsciiAlnum(c) || c == '_';
        }
    }

    private Chars() {
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    static boolean isAsciiLetter(char c) {
        return isUpper(c) || isLower(c);
    }

    static boolean isAsciiAlnum(char c) {
        return isAsciiLetter(c) || isDigit(c);
    }

    static boolean isHex(char c) {
        return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** A character of a word: letters, digits, underscore. A rule's text starts where a word starts. */
    static boolean isWord(char c) {
        return c < 0x80 ? ASCII_WORD[c] : Character.isLetterOrDigit(c);
    }

    static boolean isWordStart(String s, int i) {
        return isWord(s.charAt(i)) && (i == 0 || !isWord(s.charAt(i - 1)));
    }

    /** White space within a line: space, tab, no-break space (HTML's {@code &nbsp;}) and the like. */
    static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\u00a0' || c == '\f' || c == '\u000b'
                || c > 0x7f && c != '\u0085' && c != '\u2028' && c != '\u2029' && Character.isSpaceChar(c);
    }

    static boolean isLineEnd(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    static boolean isSpace(char c) {
        return isBlank(c) || isLineEnd(c);
    }

    static boolean isBase64(char c) {
        return isAsciiAlnum(c) || c == '+' || c == '/' || c == '=';
    }

    static boolean isBase64Url(char c) {
        return isAsciiAlnum(c) || c == '-' || c == '_';
    }

    /** The end of the run of characters from {@code i} that {@code base64url} accepts. */
    static int base64UrlRun(String s, int i) {
        while (i < s.length() && isBase64Url(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The index after the blanks (not line ends) from {@code i}. */
    static int skipBlanks(String s, int i, int end) {
        while (i < end && isBlank(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The index of the first line end at or after {@code i}, or {@code end}. */
    static int lineEnd(String s, int i, int end) {
        while (i < end && !isLineEnd(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** True when {@code word} is one of the words of {@code list}: words between single spaces, a space at each end. */
    static boolean isListed(String word, String list) {
        if (word.isEmpty() || word.indexOf(' ') >= 0) {
            return false;
        }
        for (int at = list.indexOf(word); at >= 0; at = list.indexOf(word, at + 1)) {
            if (list.charAt(at - 1) == ' ' && list.charAt(at + word.length()) == ' ') {
                return true;
            }
        }
        return false;
    }
}
