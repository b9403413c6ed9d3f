package io.github.mailback.internal;

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
    private ControlCharacters() {
    }

    /** True for a control character as defined above. */
    public static boolean isControl(char c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f || c == '\u2028' || c == '\u2029';
    }
}
