package io.github.mailback.internal;

import java.util.Locale;

/**
 * What a control character is, for every check and cleaner in mailback: the C0 controls (U+0000 to
 * U+001F: NUL, TAB, LF, CR...), DEL and the C1 controls (U+007F to U+009F, NEL U+0085 among them), and
 * the line and paragraph separators U+2028 and U+2029. Each of them can end or split a line for some
 * reader (a server, a mail client, a terminal, a log viewer), so none may reach a command line or a
 * header from data. What to do with one (refuse the text, or make it a space) is the caller's choice.
 *
 * <p>Internal: this package is not exported by the module.
 */
public final class ControlCharacters {
    /** The width of the escape {@link #printable} writes for a control character: a backslash, u, four hex digits. */
    private static final int ESCAPE_WIDTH = 6;

    private ControlCharacters() {
    }

    /** True for a control character as defined above. */
    public static boolean isControl(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f || c == '\u2028' || c == '\u2029';
    }

    /** One line: controls (CR, LF, tabs, NUL...) and other white space become spaces, and runs of them one space. */
    public static String oneLine(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || isControl(c)) {
                space = sb.length() > 0;
            } else {
                if (space) {
                    sb.append(' ');
                    space = false;
                }
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * The text for an error message, a status or a transcript, where it must stay on one line and must
     * not drive a terminal: each control character written as a Java escape (a backslash, {@code u} and
     * four hex digits), and the result cut at {@code max} characters, an ellipsis marking the cut.
     */
    public static String printable(String text, int max) {
        StringBuilder sb = new StringBuilder(Math.min(text.length(), max) + 1);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = isControl(c);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (sb.length() + (control ? ESCAPE_WIDTH : pair ? 2 : 1) > max) {
                return sb.append('\u2026').toString();
            }
            if (control) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else if (pair) {
                sb.append(c).append(text.charAt(++i));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
