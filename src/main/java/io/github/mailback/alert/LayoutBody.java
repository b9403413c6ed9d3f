package io.github.mailback.alert;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A body written the way Logback's SMTPAppender writes it with a layout: the file header, the
 * presentation header, the events (the context, ending with the trigger), the presentation footer
 * and the file footer. Without a summary that is Logback's body byte for byte. A digest keeps the
 * frame: its summary follows the file header, and each group's events come after a heading line,
 * between their own presentation header and footer. With an HTML layout (Logback's
 * {@code HTMLLayout}) the summary and headings are escaped into {@code <pre>} blocks, so the
 * document stays the layout's, its doctype and stylesheet included; its rows get the control and
 * bidi characters of log data neutralised ({@link HtmlText#cleanMarkup}).
 */
final class LayoutBody {
    private LayoutBody() {
    }

    /**
     * @param summary the digest's summary, or null for an email that reports one event
     * @param heading the line above a group's events (its number from 1, the group); unused without summary
     */
    static String write(Layout<ILoggingEvent> layout, List<GroupReport> reports, String summary,
            BiFunction<Integer, GroupReport, String> heading) {
        boolean html = HtmlDigest.isHtml(layout);
        StringBuilder sb = new StringBuilder(4096);
        append(sb, layout.getFileHeader());
        if (summary != null) {
            text(sb, summary, html);
        }
        int n = 0;
        for (GroupReport r : reports) {
            n++;
            if (summary != null) {
                text(sb, heading.apply(n, r), html);
            }
            append(sb, layout.getPresentationHeader());
            for (ILoggingEvent e : r.example().context()) {
                // An HTML layout escapes markup in log data but lets NUL, CR and bidi controls through.
                sb.append(html ? HtmlText.cleanMarkup(layout.doLayout(e)) : layout.doLayout(e));
            }
            append(sb, layout.getPresentationFooter());
        }
        append(sb, layout.getFileFooter());
        return sb.toString();
    }

    private static void text(StringBuilder sb, String text, boolean html) {
        if (html) {
            sb.append("<pre>");
            HtmlText.appendEscaped(sb, text);
            sb.append("</pre>\n");
        } else {
            sb.append(text);
        }
    }

    private static void append(StringBuilder sb, String s) {
        if (s != null) {
            sb.append(s);
        }
    }
}
