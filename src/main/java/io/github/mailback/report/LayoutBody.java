package io.github.mailback.report;

import io.github.mailback.internal.ControlCharacters;
import java.util.Locale;

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
public final class LayoutBody {
    private static final String NL = System.lineSeparator();

    private final LayoutFrame frame;
    private final boolean html;
    private final Times times;

    /**
     * @param html true for an HTML layout's document, built from each event's {@link Formatted#html()};
     *     false for the text part, from {@link Formatted#text()}
     */
    public LayoutBody(LayoutFrame frame, boolean html, Times times) {
        this.frame = frame;
        this.html = html;
        this.times = times;
    }

    public String write(EmailModel model) {
        boolean digest = !model.isSingleEvent();
        StringBuilder sb = new StringBuilder(4096);
        append(sb, frame.fileHeader());
        if (digest) {
            text(sb, summary(model));
        }
        int n = 0;
        for (GroupReport r : model.groups()) {
            n++;
            if (digest) {
                text(sb, heading(n, r));
            }
            append(sb, frame.presentationHeader());
            for (Formatted f : r.example().before()) {
                event(sb, f);
            }
            event(sb, r.example().trigger().formatted());
            append(sb, frame.presentationFooter());
        }
        append(sb, frame.fileFooter());
        return sb.toString();
    }

    private void event(StringBuilder sb, Formatted f) {
        if (!html) {
            sb.append(f.text());
        } else if (f.html() != null) {
            // An HTML layout escapes markup in log data but lets NUL, CR and bidi controls through.
            sb.append(HtmlText.cleanMarkup(f.html()));
        } else {
            // The HTML layout failed on events until it was replaced: the default layout's text, escaped.
            text(sb, f.text());
        }
    }

    /** The digest's summary: the totals, then one line per group and its headline. */
    private String summary(EmailModel model) {
        StringBuilder sb = new StringBuilder(1024);
        sb.append(model.title()).append('.').append(NL).append(NL);
        int n = 0;
        for (GroupReport r : model.groups()) {
            n++;
            sb.append('#').append(n).append(' ').append(summary(r)).append(NL);
            sb.append("   ").append(ControlCharacters.oneLine(headline(r.example().trigger()))).append(NL);
        }
        if (model.unkept() > 0) {
            sb.append("Plus ").append(Words.count(model.unkept(), "error event"))
                    .append(" not kept in detail (too many at once to sort).").append(NL);
        }
        return sb.toString();
    }

    private String summary(GroupReport r) {
        String when = r.count() == 1 ? "at " + times.precise(r.firstMillis())
                : "from " + times.precise(r.firstMillis()) + " to " + times.precise(r.lastMillis());
        String noun = r.uncleanExits() ? "unclean exit" : "event";
        String runs = r.runs() > 1 && !r.uncleanExits() ? ", logged by " + Words.count(r.runs(), "run") + " of the service" : "";
        if (r.firstMail()) {
            return "NEW: " + Words.count(r.count(), noun) + " " + when + runs;
        }
        return "AGAIN: " + Words.count(r.count(), "more " + noun) + " " + when
                + String.format(Locale.ROOT, " (%,d since %s%s)", r.total(), times.precise(r.firstEverMillis()), runs);
    }

    private static String headline(EventSnapshot e) {
        String line = e.level() + ' ' + e.logger() + " - " + e.messageAndRootCause(" / root cause ");
        return line.length() > EventSnapshot.HEADLINE_MAX ? line.substring(0, EventSnapshot.HEADLINE_MAX) + "\u2026" : line;
    }

    /** The line above group {@code n}'s events in a digest. */
    private static String heading(int n, GroupReport r) {
        int before = r.example().before().size();
        StringBuilder sb = new StringBuilder(NL).append("----- #").append(n).append(" example");
        if (before > 0) {
            sb.append(", with the ").append(Words.count(before, "event")).append(" logged before it");
        }
        return sb.append(" -----").append(NL).toString();
    }

    private void text(StringBuilder sb, String text) {
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
