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
    /** The text, built while the document is read. */
    private final StringBuilder text;
    /** For each character of {@link #text}, where it came from in {@link #html}: start and end; -1 for a boundary. */
    private int[] from;
    private int[] to;

    HtmlView(String html) {
        this.html = html;
        int n = html.length();
        text = new StringBuilder(n);
        from = new int[Math.max(16, n)];
        to = new int[from.length];
        int i = 0;
        while (i < n) {
            char c = html.charAt(i);
            char next = i + 1 < n ? html.charAt(i + 1) : ' ';
            if (c == '<' && (Chars.isAsciiLetter(next) || next == '/' || next == '!' || next == '?')) {
                i = markup(i);
            } else if (c == '&') {
                i = reference(i);
            } else {
                add(c, i, i + 1);
                i++;
            }
        }
    }

    String text() {
        return text.toString();
    }

    /**
     * Past the markup at {@code lt}, read as HTML's tokenizer reads it (HTML 13.2.5): a start or end tag
     * with its attributes, a comment, or a bogus comment ({@code <!DOCTYPE>}, {@code <?...>}). Attribute
     * values and comments are text; so is the content of a RAWTEXT element (script, style...), read as
     * it is, and of an RCDATA element (title, textarea), its references decoded.
     */
    private int markup(int lt) {
        int n = html.length();
        char c = html.charAt(lt + 1);
        boundary();
        if (html.startsWith("<!--", lt)) {
            return comment(lt + 4);
        }
        if (c == '!' || c == '?' || c == '/' && (lt + 2 >= n || !Chars.isAsciiLetter(html.charAt(lt + 2)))) {
            if (c == '/' && lt + 2 < n && html.charAt(lt + 2) == '>') {
                return lt + 3;
            }
            int close = html.indexOf('>', lt + 2);
            int stop = close < 0 ? n : close;
            text(lt + 2, stop, false);
            boundary();
            return close < 0 ? n : close + 1;
        }
        boolean end = c == '/';
        int k = end ? lt + 2 : lt + 1;
        int nameStart = k;
        while (k < n && !isHtmlSpace(html.charAt(k)) && html.charAt(k) != '/' && html.charAt(k) != '>') {
            k++;
        }
        String name = html.substring(nameStart, k).toLowerCase(java.util.Locale.ROOT);
        k = attributes(k);
        if (end) {
            return k;
        }
        boolean rawText = Chars.isListed(name, RAW_TEXT);
        if (rawText || Chars.isListed(name, RC_DATA)) {
            int close = closingTag(name, k);
            text(k, close, !rawText);
            boundary();
            return close;
        }
        return k;
    }

    /** The elements whose content is text, as it is, and text with references decoded (HTML 13.1.2). */
    private static final String RAW_TEXT = " script style xmp iframe noembed noframes ";
    private static final String RC_DATA = " title textarea ";

    /** The attributes from {@code k}, after a tag's name, to past its {@code >}; their values added as text. */
    private int attributes(int k) {
        int n = html.length();
        while (k < n) {
            char c = html.charAt(k);
            if (c == '>') {
                return k + 1;
            }
            if (isHtmlSpace(c) || c == '/') {
                k++;
                continue;
            }
            // A name: up to white space, / > or = (an = first is part of the name).
            k++;
            while (k < n && !isHtmlSpace(html.charAt(k)) && "/>=".indexOf(html.charAt(k)) < 0) {
                k++;
            }
            while (k < n && isHtmlSpace(html.charAt(k))) {
                k++;
            }
            if (k >= n || html.charAt(k) != '=') {
                continue;
            }
            k++;
            while (k < n && isHtmlSpace(html.charAt(k))) {
                k++;
            }
            if (k >= n) {
                return n;
            }
            char q = html.charAt(k);
            boundary();
            if (q == '"' || q == '\'') {
                int close = html.indexOf(q, k + 1);
                int stop = close < 0 ? n : close;
                text(k + 1, stop, true);
                k = close < 0 ? n : close + 1;
            } else if (q != '>') {
                int stop = k;
                while (stop < n && !isHtmlSpace(html.charAt(stop)) && html.charAt(stop) != '>') {
                    stop++;
                }
                text(k, stop, true);
                k = stop;
            }
            boundary();
        }
        return n;
    }

    /**
     * A comment's text from {@code k}, after {@code <!--}; returns past its end: {@code -->} or
     * {@code --!>}, or {@code >} or {@code ->} at once.
     */
    private int comment(int k) {
        int n = html.length();
        if (html.startsWith(">", k) || html.startsWith("->", k)) {
            return html.indexOf('>', k) + 1;
        }
        int end = k;
        while (end < n && !html.startsWith("-->", end) && !html.startsWith("--!>", end)) {
            end++;
        }
        text(k, end, false);
        boundary();
        return end >= n ? n : end + (html.startsWith("-->", end) ? 3 : 4);
    }

    /** Where {@code </name} starts, followed by white space, / or >, from {@code k}; or the end. */
    private int closingTag(String name, int k) {
        int n = html.length();
        for (int j = html.indexOf("</", k); j >= 0; j = html.indexOf("</", j + 2)) {
            int after = j + 2 + name.length();
            if (html.regionMatches(true, j + 2, name, 0, name.length())
                    && (after >= n || isHtmlSpace(html.charAt(after)) || "/>".indexOf(html.charAt(after)) >= 0)) {
                return j;
            }
        }
        return n;
    }

    /** {@code html[from, to)} added as text, its character references decoded or not. */
    private void text(int from, int to, boolean decode) {
        for (int j = from; j < to;) {
            if (decode && html.charAt(j) == '&') {
                j = reference(j, to);
            } else {
                add(html.charAt(j), j, j + 1);
                j++;
            }
        }
    }

    /** HTML's white space in markup (HTML 13.2.5): tab, LF, FF, CR and space, not a no-break space. */
    private static boolean isHtmlSpace(char c) {
        return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
    }

    private int reference(int amp) {
        return reference(amp, html.length());
    }

    /**
     * The character reference at {@code amp} decoded (HTML 13.5: the named ones of markup and
     * {@code nbsp}, and numeric ones), or a lone {@code &}.
     */
    private int reference(int amp, int limit) {
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
            add('&', amp, amp + 1);
            return amp + 1;
        }
        for (char c : Character.toChars(cp)) {
            add(c, amp, semi + 1);
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

    /** Adds a character of the text, read from {@code html[start, end)}. */
    private void add(char c, int start, int end) {
        int size = text.length();
        if (size == from.length) {
            from = Arrays.copyOf(from, size * 2);
            to = Arrays.copyOf(to, size * 2);
        }
        text.append(c);
        from[size] = start;
        to[size] = end;
    }

    /** A line end that stands for markup; never two in a row. */
    private void boundary() {
        int size = text.length();
        if (size > 0 && from[size - 1] < 0) {
            return;
        }
        add('\n', -1, -1);
    }
}
