package io.github.mailback.alert;

import static io.github.mailback.alert.HtmlText.appendEscaped;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
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
final class HtmlDigest {
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

    private static final String IN_TEXT_PART = "in the text part";
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter ZONE = DateTimeFormatter.ofPattern("zzz", Locale.ROOT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss", Locale.ROOT);

    private final Layout<ILoggingEvent> layout;
    private final ZoneId zone;
    private final String host;
    private final String appenderName;
    private final String service;

    /**
     * @param layout the appender's text layout
     * @param host the host the application runs on, or null
     * @param appenderName the appender's name, or null
     */
    HtmlDigest(Layout<ILoggingEvent> layout, ZoneId zone, String host, String appenderName, String service) {
        this.service = service != null && service.equals(host) ? null : service;
        this.layout = layout;
        this.zone = zone;
        this.host = host;
        this.appenderName = appenderName;
    }

    static boolean isHtml(Layout<?> layout) {
        return layout.getContentType() != null && layout.getContentType().contains("html");
    }

    /** The whole HTML document for these reports plus {@code unkept} events reported by number only. */
    String render(List<GroupReport> reports, long unkept, long events) {
        StringBuilder sb = new StringBuilder(16_384);
        String title = countLine(events, reports.size());
        head(sb, title);
        sb.append("<body class=\"mb-page\" style=\"").append(HtmlStyle.PAGE).append("\">\n");
        preheader(sb, reports, title);
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
    private void preheader(StringBuilder sb, List<GroupReport> reports, String title) {
        GroupReport main = DigestComposer.mainGroup(reports);
        sb.append("<div style=\"").append(HtmlStyle.PREHEADER).append("\">");
        appendEscaped(sb, title);
        if (main != null) {
            sb.append(": ");
            appendEscaped(sb, message(main, 140));
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
            fresh += r.firstMail() ? 1 : 0;
        }
        sb.append("<p class=\"mb-muted\" style=\"").append(HtmlStyle.MUTED_TEXT).append("\">");
        if (!reports.isEmpty()) {
            appendEscaped(sb, span(first, last));
            if (fresh > 0) {
                appendEscaped(sb, String.format(Locale.ROOT, " \u00b7 %d new group%s", fresh, fresh == 1 ? "" : "s"));
            }
        }
        if (unkept > 0) {
            if (!reports.isEmpty()) {
                sb.append("<br>");
            }
            appendEscaped(sb, String.format(Locale.ROOT,
                    "%,d error event%s not kept in detail (too many at once to sort): counted here, not shown.",
                    unkept, unkept == 1 ? "" : "s"));
        }
        sb.append("</p>\n");
        if (!reports.isEmpty()) {
            boolean oneDay = sameDay(first, last);
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
        ILoggingEvent e = r.example().event();
        sb.append("<tr>");
        sb.append("<td style=\"").append(HtmlStyle.TD_NUM).append("\">").append(n).append("</td>");
        sb.append("<td style=\"").append(HtmlStyle.TD_NUM).append("\">");
        appendEscaped(sb, String.format(Locale.ROOT, "%,d", r.count()));
        sb.append("</td>");
        sb.append("<td style=\"").append(HtmlStyle.TD_TIME).append("\">");
        appendEscaped(sb, shortTime(r.firstMillis(), oneDay));
        if (r.lastMillis() > r.firstMillis()) {
            sb.append("<br>");
            appendEscaped(sb, shortTime(r.lastMillis(), oneDay));
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
        ILoggingEvent e = r.example().event();
        sb.append("<tr><td class=\"mb-card\" style=\"").append(HtmlStyle.CARD).append("\">\n");
        sb.append("<p class=\"mb-muted\" style=\"").append(HtmlStyle.MUTED_TEXT).append("margin:0;\">")
                .append("<b>#").append(n).append("</b>&nbsp; ");
        levelBadge(sb, e);
        sb.append(' ');
        newOrAgain(sb, r);
        sb.append("&nbsp; ");
        String when = r.count() == 1 ? String.format(Locale.ROOT, "1 event at %s", fullTime(r.firstMillis()))
                : String.format(Locale.ROOT, "%,d events, %s", r.count(), span(r.firstMillis(), r.lastMillis()));
        appendEscaped(sb, when);
        if (!r.firstMail()) {
            appendEscaped(sb, String.format(Locale.ROOT, " \u00b7 %,d since %s", r.total(), fullTime(r.firstEverMillis())));
        }
        sb.append("</p>\n<p style=\"").append(HtmlStyle.HEADLINE).append("\">");
        appendEscaped(sb, message(r, 400));
        sb.append("</p>\n");

        sb.append("<p class=\"mb-muted\" style=\"").append(HtmlStyle.LABEL).append("\">Example</p>\n");
        sb.append("<pre class=\"mb-code mb-example\" style=\"").append(HtmlStyle.CODE_EXAMPLE).append("\">");
        appendEscaped(sb, HtmlText.clip(trimEnd(layout.doLayout(e)), EXAMPLE_MAX, IN_TEXT_PART));
        sb.append("</pre>\n");

        List<ILoggingEvent> context = r.example().context();
        int before = Math.max(0, context.size() - 1);
        sb.append("<p class=\"mb-muted\" style=\"").append(HtmlStyle.LABEL).append("\">");
        appendEscaped(sb, before == 0 ? "Context: nothing logged before it"
                : String.format(Locale.ROOT, "Context: %,d event%s logged before it", before, before == 1 ? "" : "s"));
        sb.append("</p>\n");
        textContext(sb, context, share);
        sb.append("</td></tr>\n");
    }

    /** The newest formatted events that fit in a share of the budget, and how many older ones were left out. */
    private record Kept(int omitted, List<String> formatted) {
    }

    /**
     * Formats the context from the newest event back, until the next one would pass {@code share}
     * characters: older events are counted, not formatted. The trigger is always kept.
     */
    private static Kept newest(List<ILoggingEvent> context, int share, IntFunction<String> format) {
        ArrayDeque<String> kept = new ArrayDeque<>();
        int used = 0;
        int i = context.size() - 1;
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

    private void textContext(StringBuilder sb, List<ILoggingEvent> context, int share) {
        int last = context.size() - 1;
        Kept kept = newest(context, share, i -> {
            String s = layout.doLayout(context.get(i));
            if (i == last) {
                s = firstLine(s); // the whole trigger is the example above
            }
            return HtmlText.clip(trimEnd(s), CONTEXT_EVENT_MAX, IN_TEXT_PART) + "\n";
        });
        sb.append("<pre class=\"mb-code\" style=\"").append(HtmlStyle.CODE).append("\">");
        if (kept.omitted() > 0) {
            omitted(sb, kept.omitted());
        }
        List<String> lines = kept.formatted();
        for (int i = 0; i < lines.size(); i++) {
            if (i == lines.size() - 1) {
                sb.append("<span class=\"mb-hit\" style=\"").append(HtmlStyle.HIT).append("\">");
                appendEscaped(sb, trimEnd(lines.get(i)));
                sb.append("</span>");
            } else {
                appendEscaped(sb, lines.get(i));
            }
        }
        sb.append("</pre>\n");
    }

    private static void omitted(StringBuilder sb, int count) {
        sb.append("<span class=\"mb-note\" style=\"").append(HtmlStyle.NOTE).append("\">");
        appendEscaped(sb, String.format(Locale.ROOT, "\u2026 %,d earlier event%s %s", count, count == 1 ? "" : "s",
                IN_TEXT_PART));
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
        line.append(String.format(Locale.ROOT,
                ". This email reports %,d error event%s; its X-Mailback-Events header carries that count for "
                        + "mail filters. The plain-text part holds the same digest.", events, events == 1 ? "" : "s"));
        appendEscaped(sb, line);
        sb.append("</td></tr>\n");
    }

    private static void levelBadge(StringBuilder sb, ILoggingEvent e) {
        String level = String.valueOf(e.getLevel());
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
        ILoggingEvent e = r.example().event();
        StringBuilder sb = new StringBuilder().append(e.getFormattedMessage());
        if (e.getThrowableProxy() != null) {
            var root = Fingerprint.rootCause(e.getThrowableProxy());
            sb.append(" \u2014 ").append(root.getClassName());
            if (root.getMessage() != null) {
                sb.append(": ").append(root.getMessage());
            }
        }
        String line = DigestComposer.oneLine(sb.toString());
        if (line.length() > max) {
            int end = Character.isHighSurrogate(line.charAt(max - 1)) ? max - 1 : max;
            line = line.substring(0, end) + "\u2026";
        }
        return line;
    }

    static String countLine(long events, int groups) {
        return String.format(Locale.ROOT, "%,d error event%s in %,d group%s", events, events == 1 ? "" : "s", groups,
                groups == 1 ? "" : "s");
    }

    private String span(long first, long last) {
        if (last <= first) {
            return fullTime(first);
        }
        String end = sameDay(first, last) ? TIME.format(at(last)) : FULL.format(at(last));
        return FULL.format(at(first)) + " \u2013 " + end + " " + zoneName(last) + " ("
                + duration(Duration.ofMillis(last - first)) + ")";
    }

    private String fullTime(long millis) {
        return FULL.format(at(millis)) + " " + zoneName(millis);
    }

    /** The zone's short name; "UTC" rather than ISO's "Z". */
    private String zoneName(long millis) {
        String z = ZONE.format(at(millis));
        return z.equals("Z") ? "UTC" : z;
    }

    private String shortTime(long millis, boolean oneDay) {
        return (oneDay ? TIME : DAY_TIME).format(at(millis));
    }

    private boolean sameDay(long a, long b) {
        return at(a).toLocalDate().equals(at(b).toLocalDate());
    }

    private ZonedDateTime at(long millis) {
        return Instant.ofEpochMilli(millis).atZone(zone);
    }

    /** A short human duration: {@code 850 ms}, {@code 12 s}, {@code 3 min 5 s}, {@code 2 h 10 min}, {@code 3 d 4 h}. */
    static String duration(Duration d) {
        long s = d.getSeconds();
        if (s < 1) {
            return d.toMillis() + " ms";
        }
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        if (s < 86_400) {
            return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
        }
        return s / 86_400 + " d" + (s % 86_400 / 3600 == 0 ? "" : " " + s % 86_400 / 3600 + " h");
    }

    private static String firstLine(String s) {
        String t = s.stripLeading();
        int nl = t.indexOf('\n');
        int cr = t.indexOf('\r');
        int end = nl < 0 ? cr : cr < 0 ? nl : Math.min(nl, cr);
        return end < 0 ? t : t.substring(0, end);
    }

    private static String trimEnd(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }
}
