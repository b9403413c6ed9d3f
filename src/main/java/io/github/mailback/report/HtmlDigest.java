package io.github.mailback.report;

import static io.github.mailback.report.HtmlText.appendEscaped;

import io.github.mailback.internal.ControlCharacters;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Writes the HTML body of a digest email, made for mail clients: a table layout with inline styles,
 * a summary of the groups at the top, then each group's example and context, then a footer.
 *
 * <p>Everything that comes from the log (messages, logger and thread names, stack traces, the host
 * and appender names) goes through {@link HtmlText#escape}; log data never lands in markup, in an
 * attribute or in a link.
 *
 * <p>The example and the context lines are the text layout's output in monospace blocks. An HTML
 * layout (Logback's {@code HTMLLayout}) does not come here: its own document is the HTML part, as it
 * was Logback's body (see {@link LayoutBody}).
 *
 * <p>The size is bounded: Gmail clips a message after about 100 KB (behind a "view entire message"
 * link) and a digest can hold hundreds of groups with hundreds of context events each. A usual
 * digest (a few groups, 256 context events each) stays under 100 KB. Each example is cut at {@link #EXAMPLE_MAX}
 * characters, the context of all groups shares {@link #CONTEXT_BUDGET} characters (the events
 * nearest to the trigger are kept), and after {@link #DETAILS_MAX} characters the remaining groups
 * are listed in the summary only. Each cut says so; the text part always has everything.
 */
public final class HtmlDigest {
    /** Longest example (formatted event with its stack trace) shown in full. */
    static final int EXAMPLE_MAX = 12_000;
    /** Formatted context characters shared by all groups of one email. */
    static final int CONTEXT_BUDGET = 48_000;
    /** Each group may use at least this much of the context budget, however many groups there are. */
    static final int CONTEXT_MIN_SHARE = 1_500;
    /** One context event longer than this is cut. */
    static final int CONTEXT_EVENT_MAX = 4_000;
    /** Past this document size, further groups get no detail section. */
    static final int DETAILS_MAX = 250_000;
    /** Rows of the summary table; a digest holds at most maxGroups groups, usually far fewer. */
    static final int SUMMARY_ROWS_MAX = 200;
    /** Longest message shown in the summary table. */
    static final int SUMMARY_MESSAGE_MAX = 200;

    /** Longest message under a group's heading. */
    static final int HEADLINE_MAX = 400;
    /** Longest message in the preview line that mail clients show beside the subject. */
    static final int PREHEADER_MAX = 140;

    private static final String IN_TEXT_PART = "in the text part";

    private final Times times;
    private final String host;
    private final String appenderName;
    private final String service;

    /**
     * @param host the host the application runs on, or null
     * @param appenderName the appender's name, or null
     * @param service the service's name, or null
     */
    public HtmlDigest(Times times, String host, String appenderName, String service) {
        this.service = service != null && service.equals(host) ? null : service;
        this.times = times;
        this.host = host;
        this.appenderName = appenderName;
    }

    /** The whole HTML document for the email. */
    public String render(EmailModel model) {
        List<GroupReport> reports = model.groups();
        long unkept = model.unkept();
        long events = model.events();
        StringBuilder sb = new StringBuilder(16_384);
        String title = model.title();
        head(sb, title);
        sb.append("<body class=\"mb-page\" style=\"").append(HtmlStyle.PAGE).append("\">\n");
        preheader(sb, model.main(), title);
        sb.append("<table role=\"presentation\" class=\"mb-page\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" "
                + "border=\"0\" style=\"background-color:").append(HtmlStyle.PAGE_BG).append(";\">\n")
                .append("<tr><td align=\"center\" style=\"padding:24px 12px;\">\n")
                // Outlook's Word engine ignores max-width: a fixed-width table holds the column there.
                .append("<!--[if mso]><table role=\"presentation\" width=\"800\" cellpadding=\"0\" cellspacing=\"0\" "
                        + "border=\"0\"><tr><td><![endif]-->\n")
                .append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
                        + "style=\"max-width:800px;width:100%;\">\n");
        summary(sb, reports, unkept, events, title);
        details(sb, reports);
        footer(sb, events);
        sb.append("</table>\n<!--[if mso]></td></tr></table><![endif]-->\n</td></tr>\n</table>\n</body>\n</html>\n");
        return sb.toString();
    }

    private static void head(StringBuilder sb, String title) {
        sb.append("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\" style=\"color-scheme:light dark;"
                + "supported-color-schemes:light dark;\">\n<head>\n<meta charset=\"UTF-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"color-scheme\" content=\"light dark\">\n")
                .append("<meta name=\"supported-color-schemes\" content=\"light dark\">\n")
                .append("<meta name=\"x-apple-disable-message-reformatting\" content=\"\">\n")
                .append("<title>");
        appendEscaped(sb, title);
        sb.append("</title>\n<style>\n").append(HtmlStyle.DARK_CSS).append("</style>\n</head>\n");
    }

    /** The preview line: what the main group is about. */
    private void preheader(StringBuilder sb, GroupReport main, String title) {
        sb.append("<div style=\"").append(HtmlStyle.PREHEADER).append("\">");
        appendEscaped(sb, title);
        if (main != null) {
            sb.append(": ");
            appendEscaped(sb, message(main, PREHEADER_MAX));
        }
        sb.append("</div>\n");
    }

    private void summary(StringBuilder sb, List<GroupReport> reports, long unkept, long events, String title) {
        sb.append("<tr><td class=\"mb-card mb-top\" style=\"").append(HtmlStyle.CARD_TOP).append("\">\n");
        sb.append("<p class=\"mb-muted\" style=\"").append(HtmlStyle.LABEL).append("margin:0 0 6px 0;\">");
        sb.append("Error digest");
        for (String name : new String[] {service, host}) {
            if (name != null && !name.isEmpty()) {
                // Names are shown as they are, not upper-cased like the label.
                sb.append(" \u00b7 <span style=\"text-transform:none;\">");
                appendEscaped(sb, name);
                sb.append("</span>");
            }
        }
        sb.append("</p>\n");
        sb.append("<h1 style=\"").append(HtmlStyle.TITLE).append("\">");
        appendEscaped(sb, title);
        sb.append("</h1>\n");
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int fresh = 0;
        for (GroupReport r : reports) {
            first = Math.min(first, r.firstMillis());
            last = Math.max(last, r.lastMillis());
            fresh += r.firstMail() && !r.uncleanExits() ? 1 : 0;
        }
        sb.append("<p class=\"mb-muted\" style=\"").append(HtmlStyle.MUTED_TEXT).append("\">");
        if (!reports.isEmpty()) {
            appendEscaped(sb, times.span(first, last));
            if (fresh > 0) {
                appendEscaped(sb, " \u00b7 " + Words.count(fresh, "new group"));
            }
        }
        if (unkept > 0) {
            if (!reports.isEmpty()) {
                sb.append("<br>");
            }
            appendEscaped(sb, Words.count(unkept, "error event")
                    + " not kept in detail (too many at once to sort): counted here, not shown.");
        }
        sb.append("</p>\n");
        if (!reports.isEmpty()) {
            boolean oneDay = times.sameDay(first, last);
            sb.append("<table role=\"presentation\" class=\"mb-grid\" width=\"100%\" cellpadding=\"0\" "
                    + "cellspacing=\"0\" border=\"0\" style=\"margin-top:16px;border-collapse:collapse;border:1px solid ").append(HtmlStyle.LINE)
                    .append(";\">\n<tr>");
            for (String h : new String[] {"#", "Events", "First \u2013 last", "Message"}) {
                sb.append("<th class=\"mb-th\" style=\"").append(HtmlStyle.TH)
                        .append(h.equals("Events") ? "text-align:right;" : "").append("\">").append(h).append("</th>");
            }
            sb.append("</tr>\n");
            int n = 0;
            for (GroupReport r : reports) {
                if (++n > SUMMARY_ROWS_MAX) {
                    sb.append("<tr><td colspan=\"4\" class=\"mb-muted\" style=\"").append(HtmlStyle.TD)
                            .append("color:").append(HtmlStyle.MUTED).append(";\">");
                    appendEscaped(sb, String.format(Locale.ROOT, "%,d more groups %s.", reports.size() - SUMMARY_ROWS_MAX,
                            IN_TEXT_PART));
                    sb.append("</td></tr>\n");
                    break;
                }
                summaryRow(sb, n, r, oneDay);
            }
            sb.append("</table>\n");
        }
        sb.append("</td></tr>\n");
    }

    /**
     * One group: number, count, first and last time stacked, then level, new or again and the
     * message in one cell, so that the message keeps most of the width on a phone.
     */
    private void summaryRow(StringBuilder sb, int n, GroupReport r, boolean oneDay) {
        EventSnapshot e = r.example().trigger();
        sb.append("<tr>");
        sb.append("<td style=\"").append(HtmlStyle.TD_NUM).append("\">").append(n).append("</td>");
        sb.append("<td style=\"").append(HtmlStyle.TD_NUM).append("\">");
        // The unclean exits' count is of runs: the column adds up to the email's events without it.
        appendEscaped(sb, r.uncleanExits() ? Words.count(r.count(), "exit") : String.format(Locale.ROOT, "%,d", r.count()));
        sb.append("</td>");
        sb.append("<td style=\"").append(HtmlStyle.TD_TIME).append("\">");
        appendEscaped(sb, times.clock(r.firstMillis(), oneDay));
        if (r.lastMillis() > r.firstMillis()) {
            sb.append("<br>");
            appendEscaped(sb, times.clock(r.lastMillis(), oneDay));
        }
        sb.append("</td><td style=\"").append(HtmlStyle.TD_MSG).append("\">");
        levelBadge(sb, e);
        sb.append(' ');
        newOrAgain(sb, r);
        sb.append(' ');
        appendEscaped(sb, message(r, SUMMARY_MESSAGE_MAX));
        sb.append("</td></tr>\n");
    }

    private void details(StringBuilder sb, List<GroupReport> reports) {
        int share = reports.isEmpty() ? 0 : Math.max(CONTEXT_MIN_SHARE, CONTEXT_BUDGET / reports.size());
        int n = 0;
        for (GroupReport r : reports) {
            n++;
            if (sb.length() > DETAILS_MAX) {
                spacer(sb);
                sb.append("<tr><td class=\"mb-card\" style=\"").append(HtmlStyle.CARD).append("\">")
                        .append("<p class=\"mb-muted\" style=\"").append(HtmlStyle.MUTED_TEXT).append("margin:0;\">");
                appendEscaped(sb, String.format(Locale.ROOT,
                        "Groups #%d to #%d are listed above; their examples and context are %s (this part "
                                + "stays small enough for mail clients to show).", n, reports.size(), IN_TEXT_PART));
                sb.append("</p></td></tr>\n");
                return;
            }
            spacer(sb);
            group(sb, n, r, share);
        }
    }

    private static void spacer(StringBuilder sb) {
        sb.append("<tr><td style=\"height:16px;line-height:16px;font-size:1px;\">&nbsp;</td></tr>\n");
    }

    private void group(StringBuilder sb, int n, GroupReport r, int share) {
        EventSnapshot e = r.example().trigger();
        sb.append("<tr><td class=\"mb-card\" style=\"").append(HtmlStyle.CARD).append("\">\n");
        sb.append("<p class=\"mb-muted\" style=\"").append(HtmlStyle.MUTED_TEXT).append("margin:0;\">")
                .append("<b>#").append(n).append("</b>&nbsp; ");
        levelBadge(sb, e);
        sb.append(' ');
        newOrAgain(sb, r);
        sb.append("&nbsp; ");
        String noun = r.uncleanExits() ? "unclean exit" : "event";
        String when = r.count() == 1 ? "1 " + noun + " at " + times.full(r.firstMillis())
                : Words.count(r.count(), noun) + ", " + times.span(r.firstMillis(), r.lastMillis());
        appendEscaped(sb, when);
        if (!r.firstMail()) {
            appendEscaped(sb, String.format(Locale.ROOT, " \u00b7 %,d since %s", r.total(), times.full(r.firstEverMillis())));
        }
        if (r.runs() > 1 && !r.uncleanExits()) {
            appendEscaped(sb, " \u00b7 logged by " + Words.count(r.runs(), "run") + " of the service");
        }
        sb.append("</p>\n<p style=\"").append(HtmlStyle.HEADLINE).append("\">");
        appendEscaped(sb, message(r, HEADLINE_MAX));
        sb.append("</p>\n");

        sb.append("<p class=\"mb-muted\" style=\"").append(HtmlStyle.LABEL).append("\">Example</p>\n");
        sb.append("<pre class=\"mb-code mb-example\" style=\"").append(HtmlStyle.CODE_EXAMPLE).append("\">");
        appendEscaped(sb, HtmlText.clip(Lines.trimEnd(e.formatted().text()), EXAMPLE_MAX, IN_TEXT_PART));
        sb.append("</pre>\n");

        List<Formatted> before = r.example().before();
        sb.append("<p class=\"mb-muted\" style=\"").append(HtmlStyle.LABEL).append("\">");
        appendEscaped(sb, before.isEmpty() ? "Context: nothing logged before it"
                : "Context: " + Words.count(before.size(), "event") + " logged before it");
        sb.append("</p>\n");
        textContext(sb, before, e.formatted(), share);
        sb.append("</td></tr>\n");
    }

    /** The newest formatted events that fit in a share of the budget, and how many older ones were left out. */
    private record Kept(int omitted, List<String> formatted) {
    }

    /**
     * Formats the context from the newest event back, until the next one would pass {@code share}
     * characters: older events are counted, not formatted. The trigger is always kept.
     */
    private static Kept newest(int size, int share, IntFunction<String> format) {
        ArrayDeque<String> kept = new ArrayDeque<>();
        int used = 0;
        int i = size - 1;
        for (; i >= 0; i--) {
            String s = format.apply(i);
            if (!kept.isEmpty() && used + s.length() > share) {
                break;
            }
            kept.addFirst(s);
            used += s.length();
        }
        return new Kept(i + 1, new ArrayList<>(kept));
    }

    private void textContext(StringBuilder sb, List<Formatted> before, Formatted trigger, int share) {
        int last = before.size();
        Kept kept = newest(last + 1, share, i -> {
            String s = i == last ? Lines.first(trigger.text().stripLeading()) // the whole trigger is the example above
                    : before.get(i).text();
            return HtmlText.clip(Lines.trimEnd(s), CONTEXT_EVENT_MAX, IN_TEXT_PART) + "\n";
        });
        sb.append("<pre class=\"mb-code\" style=\"").append(HtmlStyle.CODE).append("\">");
        if (kept.omitted() > 0) {
            omitted(sb, kept.omitted());
        }
        List<String> lines = kept.formatted();
        for (int i = 0; i < lines.size(); i++) {
            if (i == lines.size() - 1) {
                sb.append("<span class=\"mb-hit\" style=\"").append(HtmlStyle.HIT).append("\">");
                appendEscaped(sb, Lines.trimEnd(lines.get(i)));
                sb.append("</span>");
            } else {
                appendEscaped(sb, lines.get(i));
            }
        }
        sb.append("</pre>\n");
    }

    private static void omitted(StringBuilder sb, int count) {
        sb.append("<span class=\"mb-note\" style=\"").append(HtmlStyle.NOTE).append("\">");
        appendEscaped(sb, "\u2026 " + Words.count(count, "earlier event") + " " + IN_TEXT_PART);
        sb.append("</span>");
    }

    private void footer(StringBuilder sb, long events) {
        sb.append("<tr><td class=\"mb-footer\" style=\"").append(HtmlStyle.FOOTER).append("\">");
        StringBuilder line = new StringBuilder("Sent by mailback");
        if (appenderName != null && !appenderName.isEmpty()) {
            line.append(" (appender ").append(appenderName).append(')');
        }
        if (service != null) {
            line.append(" for ").append(service);
        }
        if (host != null && !host.isEmpty()) {
            line.append(" on ").append(host);
        }
        line.append(". This email reports ").append(Words.count(events, "error event"))
                .append("; its X-Mailback-Events header carries that count for mail filters. The plain-text part holds "
                        + "the same digest.");
        appendEscaped(sb, line);
        sb.append("</td></tr>\n");
    }

    private static void levelBadge(StringBuilder sb, EventSnapshot e) {
        String level = e.level();
        sb.append("<span style=\"").append(HtmlStyle.BADGE).append("background-color:")
                .append(HtmlStyle.levelBackground(level)).append(";\">");
        appendEscaped(sb, level);
        sb.append("</span>");
    }

    private static void newOrAgain(StringBuilder sb, GroupReport r) {
        if (r.firstMail()) {
            sb.append("<span style=\"").append(HtmlStyle.BADGE).append("background-color:").append(HtmlStyle.NEW_BG)
                    .append(";\">NEW</span>");
        } else {
            sb.append("<span class=\"mb-chip\" style=\"").append(HtmlStyle.CHIP).append("\">AGAIN</span>");
        }
    }

    /** The group's message on one line: logger, message, and the root cause when there is one. */
    private static String message(GroupReport r, int max) {
        String line = ControlCharacters.oneLine(r.example().trigger().messageAndRootCause(" \u2014 "));
        if (line.length() > max) {
            int end = Character.isHighSurrogate(line.charAt(max - 1)) ? max - 1 : max;
            line = line.substring(0, end) + "\u2026";
        }
        return line;
    }
}
