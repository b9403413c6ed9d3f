package io.github.mailback.redact;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The markup of an HTML text as HTML's tokenizer reads it (HTML 13.2.5), written apart from
 * {@link HtmlView} to check it: each start tag as {@code <name attribute...}, each end tag as
 * {@code </name}, each comment as {@code <!--} and each bogus comment ({@code <!DOCTYPE>},
 * {@code <?x>}) as {@code <!} or {@code <?}. Text, attribute values and comments' content are left out:
 * redaction may change them, never this list.
 */
final class HtmlTags {
    private static final Set<String> TEXT_ELEMENTS = Set.of("script", "style", "xmp", "iframe", "noembed", "noframes",
            "title", "textarea");

    private HtmlTags() {
    }

    static List<String> of(String html) {
        List<String> tags = new ArrayList<>();
        int n = html.length();
        int i = 0;
        while (i < n) {
            int lt = html.indexOf('<', i);
            if (lt < 0 || lt + 1 >= n) {
                break;
            }
            char c = html.charAt(lt + 1);
            boolean letterAfterSlash = lt + 2 < n && isLetter(html.charAt(lt + 2));
            if (html.startsWith("<!--", lt)) {
                tags.add("<!--");
                i = commentEnd(html, lt + 4);
            } else if (c == '/' && lt + 2 < n && html.charAt(lt + 2) == '>') {
                i = lt + 3;
            } else if (c == '!' || c == '?' || c == '/' && !letterAfterSlash) {
                tags.add("<" + (c == '/' ? '!' : c));
                int gt = html.indexOf('>', lt + 2);
                i = gt < 0 ? n : gt + 1;
            } else if (isLetter(c) || c == '/') {
                i = tag(html, lt, tags);
            } else {
                i = lt + 1;
            }
        }
        return tags;
    }

    private static int commentEnd(String html, int k) {
        if (html.startsWith(">", k)) {
            return k + 1;
        }
        if (html.startsWith("->", k)) {
            return k + 2;
        }
        int plain = html.indexOf("-->", k);
        int bang = html.indexOf("--!>", k);
        if (plain < 0 && bang < 0) {
            return html.length();
        }
        return plain >= 0 && (bang < 0 || plain < bang) ? plain + 3 : bang + 4;
    }

    private static int tag(String html, int lt, List<String> tags) {
        int n = html.length();
        boolean end = html.charAt(lt + 1) == '/';
        int k = lt + (end ? 2 : 1);
        int start = k;
        while (k < n && !isSpace(html.charAt(k)) && html.charAt(k) != '/' && html.charAt(k) != '>') {
            k++;
        }
        String name = html.substring(start, k).toLowerCase(Locale.ROOT);
        StringBuilder tag = new StringBuilder(end ? "</" : "<").append(name);
        // The attribute states: names, then = and a quoted or unquoted value.
        while (k < n && html.charAt(k) != '>') {
            char c = html.charAt(k);
            if (isSpace(c) || c == '/') {
                k++;
                continue;
            }
            int nameStart = k++;
            while (k < n && !isSpace(html.charAt(k)) && html.charAt(k) != '/' && html.charAt(k) != '>'
                    && html.charAt(k) != '=') {
                k++;
            }
            tag.append(' ').append(html.substring(nameStart, k).toLowerCase(Locale.ROOT));
            while (k < n && isSpace(html.charAt(k))) {
                k++;
            }
            if (k < n && html.charAt(k) == '=') {
                k++;
                while (k < n && isSpace(html.charAt(k))) {
                    k++;
                }
                if (k < n && (html.charAt(k) == '"' || html.charAt(k) == '\'')) {
                    int close = html.indexOf(html.charAt(k), k + 1);
                    k = close < 0 ? n : close + 1;
                } else {
                    while (k < n && !isSpace(html.charAt(k)) && html.charAt(k) != '>') {
                        k++;
                    }
                }
            }
        }
        tags.add(tag.toString());
        k = Math.min(n, k + 1);
        if (!end && TEXT_ELEMENTS.contains(name)) {
            for (int j = html.indexOf("</", k); j >= 0; j = html.indexOf("</", j + 2)) {
                int after = j + 2 + name.length();
                if (html.regionMatches(true, j + 2, name, 0, name.length())
                        && (after >= n || isSpace(html.charAt(after)) || html.charAt(after) == '/' || html.charAt(after) == '>')) {
                    return j;
                }
            }
            return n;
        }
        return k;
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    /** HTML's white space: tab, LF, FF, CR, space. */
    private static boolean isSpace(char c) {
        return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
    }
}
