package io.github.mailback.report;

/** Where a layout's text ends a line, for the parts of an email that show one line of it. */
public final class Lines {
    private Lines() {
    }

    /** The text up to its first line break (CR or LF): a subject ends there, as in Logback (LOGBACK-865). */
    public static String first(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                return s.substring(0, i);
            }
        }
        return s;
    }

    /** The text without the line breaks that end it. */
    public static String trimEnd(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }
}
