package io.github.mailback.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the digest's HTML: every {@code <} must open a comment, the doctype or a tag
 * from a short allow-list whose attributes are all known, double-quoted and free of {@code <};
 * the text between tags is returned with the five references the digest uses decoded. Anything
 * else (an unknown tag, an event handler, a link, a bare {@code <} or {@code &}) is a failure.
 */
final class StrictHtml {
    private static final Set<String> TAGS = Set.of("html", "head", "meta", "title", "style", "body", "div", "table",
            "tr", "td", "th", "p", "h1", "span", "pre", "b", "br");
    private static final Set<String> ATTRIBUTES = Set.of("lang", "dir", "style", "charset", "name", "content", "class",
            "role", "width", "cellpadding", "cellspacing", "border", "align", "colspan");
    private static final Pattern TAG = Pattern.compile("<(/?)([a-z0-9]+)((?:\\s+[a-z-]+=\"[^\"<]*\")*)\\s*/?>");
    private static final Pattern ATTRIBUTE = Pattern.compile("\\s+([a-z-]+)=\"([^\"<]*)\"");
    private static final Pattern REFERENCE = Pattern.compile("&(lt|gt|amp|quot|#39|nbsp);");

    private StrictHtml() {
    }

    /** The document's text, tags removed and references decoded; fails on anything not allowed. */
    static String text(String html) {
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < html.length()) {
            int lt = html.indexOf('<', i);
            int end = lt < 0 ? html.length() : lt;
            text.append(decode(html.substring(i, end)));
            if (lt < 0) {
                break;
            }
            if (html.startsWith("<!--", lt)) {
                int close = html.indexOf("-->", lt);
                check(close > 0, "an unclosed comment at " + lt);
                i = close + 3;
                continue;
            }
            if (html.startsWith("<!DOCTYPE html>", lt)) {
                i = lt + "<!DOCTYPE html>".length();
                continue;
            }
            Matcher m = TAG.matcher(html);
            check(m.find(lt) && m.start() == lt, "not an allowed tag at " + lt + ": " + around(html, lt));
            String name = m.group(2);
            check(TAGS.contains(name), "tag <" + name + "> at " + lt);
            Matcher a = ATTRIBUTE.matcher(m.group(3));
            while (a.find()) {
                check(ATTRIBUTES.contains(a.group(1)), "attribute " + a.group(1) + " at " + lt);
                check(!a.group(2).toLowerCase(java.util.Locale.ROOT).contains("url("), "a url() at " + lt);
            }
            i = m.end();
            if (name.equals("style") && m.group(1).isEmpty()) {
                int close = html.indexOf("</style>", i);
                check(close > 0, "an unclosed style");
                check(!html.substring(i, close).contains("<"), "markup in the style block");
                i = close;
            } else if (name.equals("title") && m.group(1).isEmpty()) {
                int close = html.indexOf("</title>", i);
                text.append(decode(html.substring(i, close)));
                i = close;
            }
        }
        return text.toString();
    }

    /** The text of each element whose opening tag carries {@code class="cls ..."} and ends at {@code </tag>}. */
    static List<String> textOf(String html, String tag, String cls) {
        List<String> found = new ArrayList<>();
        Pattern p = Pattern.compile("<" + tag + " class=\"" + cls + "[^\"]*\"[^>]*>(.*?)</" + tag + ">", Pattern.DOTALL);
        Matcher m = p.matcher(html);
        while (m.find()) {
            found.add(text(m.group(1)));
        }
        return found;
    }

    private static String decode(String s) {
        check(s.indexOf('>') < 0, "a bare > in text: " + s);
        Matcher m = REFERENCE.matcher(s);
        StringBuilder sb = new StringBuilder();
        int last = 0;
        while (m.find()) {
            check(s.indexOf('&', last) == m.start(), "a bare & in text: " + s);
            sb.append(s, last, m.start());
            sb.append(switch (m.group(1)) {
                case "lt" -> "<";
                case "gt" -> ">";
                case "amp" -> "&";
                case "quot" -> "\"";
                case "#39" -> "'";
                default -> "\u00a0";
            });
            last = m.end();
        }
        check(s.indexOf('&', last) < 0, "a bare & in text: " + s);
        return sb.append(s, last, s.length()).toString();
    }

    private static String around(String s, int at) {
        return s.substring(Math.max(0, at - 40), Math.min(s.length(), at + 80));
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("not strict HTML: " + what);
        }
    }
}
