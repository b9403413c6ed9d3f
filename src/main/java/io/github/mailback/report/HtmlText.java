package io.github.mailback.report;

import io.github.mailback.internal.ControlCharacters;

/**
 * Turns log data into HTML text that can only ever be text: the five markup characters become
 * references, and characters that could confuse a mail client or a reader are neutralised.
 */
public final class HtmlText {
    private HtmlText() {
    }

    /**
     * Escapes text for element content and for quoted attribute values alike. Besides
     * {@code & < > " '}: NUL, other controls and unpaired surrogates become U+FFFD (HTML 13.2.5
     * makes NUL and controls parse errors, and a mail client may cut the part at a NUL); CR, CR LF,
     * U+2028 and U+2029 become LF; the explicit bidirectional controls (U+202A-U+202E,
     * U+2066-U+2069) are shown by name, so a message cannot reorder the text around it ("Trojan
     * Source", CVE-2021-42574). Tabs and line feeds stay: in a {@code pre} block they are layout.
     */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        appendEscaped(sb, s);
        return sb.toString();
    }

    /** {@link #escape} appending to {@code sb}. */
    public static void appendEscaped(StringBuilder sb, CharSequence s) {
        append(sb, s, true);
    }

    /**
     * Markup written by an HTML layout, with the characters {@link #escape} neutralises besides the
     * markup ones: such a layout escapes {@code < > &} in log data but lets NUL, CR and bidi
     * controls through.
     */
    public static String cleanMarkup(String html) {
        StringBuilder sb = new StringBuilder(html.length());
        append(sb, html, false);
        return sb.toString();
    }

    private static void append(StringBuilder sb, CharSequence s, boolean escapeMarkup) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!escapeMarkup && (c == '<' || c == '>' || c == '&' || c == '"' || c == '\'')) {
                sb.append(c);
                continue;
            }
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                case '\t', '\n' -> sb.append(c);
                case '\r' -> {
                    if (i + 1 < n && s.charAt(i + 1) == '\n') {
                        i++;
                    }
                    sb.append('\n');
                }
                case '\u2028', '\u2029' -> sb.append('\n');
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c) || ControlCharacters.isControl(c) || c == '\uFFFE'
                            || c == '\uFFFF') {
                        sb.append('\uFFFD');
                    } else if (c >= '\u202A' && c <= '\u202E' || c >= '\u2066' && c <= '\u2069') {
                        sb.append("[U+").append(Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)).append(']');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }

    /**
     * At most {@code max} chars of {@code s}, not splitting a surrogate pair; the cut is marked with
     * the number of characters left out.
     */
    public static String clip(String s, int max, String whereTheRestIs) {
        if (s.length() <= max) {
            return s;
        }
        int end = max;
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + String.format(java.util.Locale.ROOT, "\u2026 [%,d more characters %s]%n",
                s.length() - end, whereTheRestIs);
    }
}
