package io.github.mailback.mime;

import io.github.mailback.internal.ControlCharacters;

/**
 * The one rule applied to every piece of text that goes into a header (subject, display names,
 * custom header values, attachment file names), so that no data can add a header line or end the
 * header block (RFC 5322 section 2.2).
 *
 * <p>The rule: each run of spaces and control characters ({@code ControlCharacters}: U+0000 to U+001F,
 * U+007F to U+009F, which includes U+0085, and U+2028, U+2029) becomes a single space; leading and
 * trailing spaces are removed; a lone surrogate becomes U+FFFD. The cleaned text is what gets encoded,
 * so an encoded word can never decode into a line break either. Literal text such as
 * {@code =?UTF-8?Q?=0A?=} given as input stays text: a word containing {@code =?} is itself encoded
 * (see {@link EncodedWords}), so a reader shows it instead of decoding it.
 */
final class HeaderText {
    /** Subjects longer than this many code points are cut and end with an ellipsis. */
    static final int MAX_SUBJECT_CODE_POINTS = 250;

    private static final char ELLIPSIS = '\u2026';

    private HeaderText() {
    }

    /** True for the characters the rule turns into a space. */
    static boolean isBreaking(char c) {
        return c == ' ' || ControlCharacters.isControl(c);
    }

    /** The text after the rule above; never null (null gives the empty string). */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length());
        boolean pendingSpace = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isBreaking(c)) {
                pendingSpace = sb.length() > 0;
                continue;
            }
            if (pendingSpace) {
                sb.append(' ');
                pendingSpace = false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                sb.append(c).append(text.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                sb.append('\uFFFD');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * {@code cleaned} cut to at most {@code maxCodePoints} code points, the last being an ellipsis
     * when something was cut. Cuts only between code points.
     */
    static String cut(String cleaned, int maxCodePoints) {
        if (cleaned.codePointCount(0, cleaned.length()) <= maxCodePoints) {
            return cleaned;
        }
        int end = cleaned.offsetByCodePoints(0, maxCodePoints - 1);
        while (end > 0 && cleaned.charAt(end - 1) == ' ') {
            end--;
        }
        return cleaned.substring(0, end) + ELLIPSIS;
    }
}
