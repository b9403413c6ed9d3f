package io.github.mailback.redact;

import java.util.Arrays;

/**
 * The text of an HTML document as the redaction reads it, mapped back to the document: character
 * references decoded, the text between tags and the quoted attribute values kept, and each tag, comment
 * delimiter or attribute boundary written as a line end, so that no value runs across markup. A span
 * found in this text becomes markers over the document's characters it came from, one per stretch of
 * text it covers; the markup around them is never touched, and a marker needs no escaping.
 */
final class HtmlView {
    private final String html;
    private final String text;
    /** For each character of {@link #text}, where it came from in {@link #html}: start and end; -1 for a boundary. */
    private final int[] from;
    private final int[] to;

    HtmlView(String html) {
        this.html = html;
        Builder b = new Builder(html.length());
        int n = html.length();
        int i = 0;
        while (i < n) {
            char c = html.charAt(i);
            if (c == '<' && i + 1 < n && (Chars.isAsciiLetter(html.charAt(i + 1)) || "/!?".indexOf(html.charAt(i + 1)) >= 0)) {
                i = markup(b, i);
            } else if (c == '&') {
                i = reference(b, i);
            } else {
                b.add(c, i, i + 1);
                i++;
            }
        }
        this.text = b.text.toString();
        this.from = Arrays.copyOf(b.from, b.size);
        this.to = Arrays.copyOf(b.to, b.size);
    }

    String text() {
        return text;
    }

    /** Past the tag or comment at {@code lt}, its attribute values (and a script's or style's text) added. */
    private int markup(Builder b, int lt) {
        int n = html.length();
        b.boundary();
        if (html.startsWith("<!--", lt)) {
            int end = html.indexOf("-->", lt + 4);
            int stop = end < 0 ? n : end;
            for (int k = lt + 4; k < stop; k++) {
                b.add(html.charAt(k), k, k + 1);
            }
            b.boundary();
            return end < 0 ? n : end + 3;
        }
        int k = lt + 1;
        while (k < n && html.charAt(k) != '>') {
            char c = html.charAt(k);
            if (c == '"' || c == '\'') {
                int close = html.indexOf(c, k + 1);
                int stop = close < 0 ? n : close;
                b.boundary();
                for (int j = k + 1; j < stop;) {
                    j = html.charAt(j) == '&' ? reference(b, j, stop) : add(b, j);
                }
                b.boundary();
                k = close < 0 ? n : close + 1;
            } else {
                k++;
            }
        }
        int end = k < n ? k + 1 : n;
        String raw = rawTextElement(lt, end);
        if (raw != null) {
            int close = indexOfIgnoreCase(html, "</" + raw, end);
            int stop = close < 0 ? n : close;
            for (int j = end; j < stop; j++) {
                b.add(html.charAt(j), j, j + 1);
            }
            b.boundary();
            return stop;
        }
        return end;
    }

    private int add(Builder b, int j) {
        b.add(html.charAt(j), j, j + 1);
        return j + 1;
    }

    /** {@code script} or {@code style} when the tag at {@code lt} opens one (its text is not HTML), else null. */
    private String rawTextElement(int lt, int end) {
        for (String name : new String[] {"script", "style"}) {
            int k = lt + 1 + name.length();
            if (html.regionMatches(true, lt + 1, name, 0, name.length()) && k < end
                    && (html.charAt(k) == '>' || Chars.isSpace(html.charAt(k)) || html.charAt(k) == '/')) {
                return html.charAt(end - 2) == '/' ? null : name;
            }
        }
        return null;
    }

    private static int indexOfIgnoreCase(String s, String what, int from) {
        for (int k = from; k + what.length() <= s.length(); k++) {
            if (s.charAt(k) == '<' && s.regionMatches(true, k, what, 0, what.length())) {
                return k;
            }
        }
        return -1;
    }

    private int reference(Builder b, int amp) {
        return reference(b, amp, html.length());
    }

    /** The character reference at {@code amp} decoded (HTML 13.5: named ones of markup, numeric ones), or a lone {@code &}. */
    private int reference(Builder b, int amp, int limit) {
        int semi = -1;
        for (int k = amp + 1; k < limit && k - amp <= 10; k++) {
            char c = html.charAt(k);
            if (c == ';') {
                semi = k;
                break;
            }
            if (!Chars.isAsciiAlnum(c) && c != '#') {
                break;
            }
        }
        int cp = semi < 0 ? -1 : codePoint(html.substring(amp + 1, semi));
        if (cp < 0) {
            b.add('&', amp, amp + 1);
            return amp + 1;
        }
        for (char c : Character.toChars(cp)) {
            b.add(c, amp, semi + 1);
        }
        return semi + 1;
    }

    private static int codePoint(String name) {
        switch (name) {
            case "lt":
                return '<';
            case "gt":
                return '>';
            case "amp":
                return '&';
            case "quot":
                return '"';
            case "apos":
                return '\'';
            case "nbsp":
                return 0xa0;
            default:
                break;
        }
        if (name.length() < 2 || name.charAt(0) != '#') {
            return -1;
        }
        try {
            boolean hex = name.charAt(1) == 'x' || name.charAt(1) == 'X';
            int cp = Integer.parseInt(name.substring(hex ? 2 : 1), hex ? 16 : 10);
            return Character.isValidCodePoint(cp) && cp != 0 ? cp : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The document with the spans of {@link #text} (from {@link Redaction#spans()}) as markers. */
    String apply(int[] spans, Tally tally) {
        if (spans.length == 0) {
            return html;
        }
        Rule[] rules = Rule.values();
        StringBuilder sb = new StringBuilder(html.length() + 16 * spans.length / 3);
        int at = 0;
        for (int s = 0; s < spans.length; s += 3) {
            Rule rule = rules[spans[s + 2]];
            tally.increment(rule);
            int k = spans[s];
            int end = spans[s + 1];
            while (k < end) {
                // A stretch of text, without the white space at its ends (a line's indentation stays).
                if (from[k] < 0 || Chars.isSpace(text.charAt(k))) {
                    k++;
                    continue;
                }
                int first = k;
                int last = k;
                k++;
                while (k < end && from[k] >= 0 && (from[k] == to[k - 1] || from[k] == from[k - 1])) {
                    if (!Chars.isSpace(text.charAt(k))) {
                        last = k;
                    }
                    k++;
                }
                sb.append(html, at, from[first]).append(rule.marker());
                at = to[last];
            }
        }
        return sb.append(html, at, html.length()).toString();
    }

    /** The document with each stretch of text that is not blank replaced by {@code marker}. */
    String replaceAllText(String marker) {
        StringBuilder sb = new StringBuilder(html.length());
        int at = 0;
        int k = 0;
        while (k < text.length()) {
            if (from[k] < 0) {
                k++;
                continue;
            }
            int first = k;
            boolean blank = true;
            while (k < text.length() && from[k] >= 0) {
                blank &= Chars.isSpace(text.charAt(k));
                k++;
            }
            if (!blank) {
                sb.append(html, at, from[first]).append(marker);
                at = to[k - 1];
            }
        }
        return sb.append(html, at, html.length()).toString();
    }

    /** The text and its map, growing as characters are added. */
    private static final class Builder {
        final StringBuilder text;
        int[] from;
        int[] to;
        int size;

        Builder(int capacity) {
            text = new StringBuilder(capacity);
            from = new int[Math.max(16, capacity)];
            to = new int[from.length];
        }

        void add(char c, int start, int end) {
            if (size == from.length) {
                from = Arrays.copyOf(from, size * 2);
                to = Arrays.copyOf(to, size * 2);
            }
            text.append(c);
            from[size] = start;
            to[size] = end;
            size++;
        }

        /** A line end that stands for markup; never two in a row. */
        void boundary() {
            if (size > 0 && from[size - 1] < 0) {
                return;
            }
            add('\n', -1, -1);
        }
    }
}
