package io.github.mailback.alert;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.Layout;
import io.github.mailback.internal.ControlCharacters;
import io.github.mailback.mime.Header;
import io.github.mailback.mime.MessageIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Writes the subject and bodies of a digest email from the group reports: a summary line per group
 * (count, first and last time), then each group's example with the events logged before it,
 * formatted by the appender's layout in Logback's frame ({@link LayoutBody}). An email that reports
 * one event has no summary: its text is what Logback's SMTPAppender would send. The HTML body is the
 * HTML layout's document when the layout writes HTML, {@link HtmlDigest}'s otherwise. Used by the
 * sender thread only.
 */
final class DigestComposer {
    /** Subjects longer than this are cut: mail clients show less, and RFC 5322 2.1.1 caps lines at 998. */
    static final int MAX_SUBJECT = 200;
    /** At most this many references are kept so that the header stays reasonable (RFC 5322 3.6.4). */
    static final int MAX_REFERENCES = 10;
    /** One per group (the first ten): 16 hex digits of the group's id, the same in every JVM, for mail filters. */
    static final String FINGERPRINT_HEADER = "X-Mailback-Fingerprint";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);

    private final Layout<ILoggingEvent> subjectLayout;
    private final Layout<ILoggingEvent> textLayout;
    private final HtmlDigest htmlDigest;
    /** The user's HTML layout (its document is the HTML part), or null. */
    private final Layout<ILoggingEvent> htmlLayout;
    /** The {@code header} properties: names with their value patterns. */
    private final List<Map.Entry<String, Layout<ILoggingEvent>>> headers;
    private final String idDomain;
    private final ZoneId zone;
    private final LongSupplier wallClock;
    /** Which frames are the application's; the engine's fingerprints use it too. */
    final AppFrames frames;
    private final String service;

    /**
     * @param subjectLayout the subject pattern, applied to the main group's example event
     * @param textLayout formats events in the plain-text body
     * @param htmlLayout formats events in the HTML body (an HTML layout, or null for no HTML part,
     *     or a text layout whose output is escaped into the HTML body)
     * @param idDomain the right-hand side of generated Message-IDs (the From address's domain), see
     *     {@link MessageIds#generate(String)}
     * @param host the host the application runs on, which the HTML part names, or null
     * @param appenderName the appender's name, which the HTML footer names, or null
     * @param headers the {@code header} properties: names, checked already, with their value patterns
     * @param frames which frames are the application's
     * @param service the name of the service (see {@link AppFrames#service}), which the thread ids, the
     *     HTML header and {@code Thread-Topic} use
     */
    public DigestComposer(Layout<ILoggingEvent> subjectLayout, Layout<ILoggingEvent> textLayout,
            Layout<ILoggingEvent> htmlLayout, String idDomain, ZoneId zone, LongSupplier wallClock, String host,
            String appenderName, List<Map.Entry<String, Layout<ILoggingEvent>>> headers, AppFrames frames,
            String service) {
        this.frames = frames;
        this.service = service;
        this.subjectLayout = subjectLayout;
        this.textLayout = textLayout;
        boolean layoutHtml = htmlLayout != null && HtmlDigest.isHtml(htmlLayout);
        this.htmlLayout = layoutHtml ? htmlLayout : null;
        this.htmlDigest = htmlLayout == null || layoutHtml ? null
                : new HtmlDigest(htmlLayout, zone, host, appenderName, service);
        this.headers = List.copyOf(headers);
        this.idDomain = idDomain;
        this.zone = zone;
        this.wallClock = wallClock;
    }

    /** Composes the email for these reports plus {@code unkept} events reported by number only. */
    public AlertEmail compose(Route route, List<GroupReport> reports, long unkept) {
        long events = unkept;
        for (GroupReport r : reports) {
            events += r.count();
        }
        reports = ordered(reports);
        GroupReport main = reports.isEmpty() ? null : reports.get(0);
        String subject = subject(main, reports, unkept);
        // Logback's body when there is nothing to summarise: one group, one event.
        String summary = reports.size() == 1 && events == 1 ? null : summary(reports, unkept, events);
        String text = LayoutBody.write(textLayout, reports, summary, this::heading);
        String html = htmlLayout != null ? LayoutBody.write(htmlLayout, reports, summary, this::heading)
                : htmlDigest == null ? null : htmlDigest.render(reports, unkept, events);
        String messageId = MessageIds.generate(idDomain);
        // Each group's id, the same in every JVM of the service, then this JVM's first email about it:
        // clients thread a fleet's emails about one error under the id no email carries (RFC 5322 3.6.4).
        List<String> references = new ArrayList<>();
        List<Header> headers = new ArrayList<>();
        String at = messageId.substring(messageId.indexOf('@'));
        for (GroupReport r : reports) {
            byte[] id = groupId(r.fingerprint());
            String hex = HexFormat.of().formatHex(id, 0, 16);
            for (String ref : new String[] {"<mailback.group." + hex + at, r.threadId()}) {
                if (ref != null && !references.contains(ref) && references.size() < MAX_REFERENCES) {
                    references.add(ref);
                }
            }
            if (headers.size() < MAX_REFERENCES) {
                headers.add(new Header(FINGERPRINT_HEADER, hex.substring(0, 16)));
            }
        }
        if (main != null) {
            headers.add(new Header("Thread-Topic", topic(main.example().event())));
            headers.add(new Header("Thread-Index", threadIndex(groupId(main.fingerprint()), main.firstEverMillis())));
            headers.addAll(headers(main.example().event()));
        }
        String inReplyTo = main != null ? main.threadId() : null;
        return new AlertEmail(route, subject, text, html, events, messageId, inReplyTo, references, wallClock.getAsLong(),
                headers);
    }

    /** A group's id: SHA-256 of the service and the fingerprint, so the same in each JVM of a fleet. */
    private byte[] groupId(String fingerprint) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest((service + '\n' + fingerprint).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }

    /**
     * Outlook's conversation index, base64 (MS-OXOMSG 2.2.1.3): 1, the 40 high bits of the FILETIME at
     * which this JVM first saw the error, and a GUID that every JVM derives alike from the group's id
     * (as a name-based UUID). Exchange and Outlook take the conversation from the GUID (2.2.1.2), so the
     * fleet's emails about one error meet in one conversation.
     */
    static String threadIndex(byte[] id, long firstMillis) {
        byte[] index = new byte[22];
        index[0] = 1;
        long filetime = (firstMillis + 11_644_473_600_000L) * 10_000; // 100 ns since 1601
        for (int i = 0; i < 5; i++) {
            index[1 + i] = (byte) (filetime >>> (56 - 8 * i));
        }
        System.arraycopy(id, 0, index, 6, 16);
        index[12] = (byte) (index[12] & 0x0f | 0x50); // UUID version 5 (name-based)
        index[14] = (byte) (index[14] & 0x3f | 0x80); // RFC 4122 variant
        return Base64.getEncoder().encodeToString(index);
    }

    /**
     * What Outlook shows above a conversation: what broke and where, without the values and counts
     * that change from one email to the next: the root cause's class and first application frame, or
     * the logger and the message template, then the service.
     */
    private String topic(ILoggingEvent e) {
        IThrowableProxy t = e.getThrowableProxy();
        String s;
        if (t == null) {
            s = AppFrames.simpleName(e.getLoggerName()) + " - " + e.getMessage();
        } else {
            String frame = frames.firstAppFrame(t);
            s = AppFrames.simpleName(Fingerprint.rootCause(t).getClassName()) + (frame == null ? "" : " in " + frame);
        }
        s = oneLine(service == null ? s : s + " on " + service);
        return s.length() > MAX_SUBJECT ? s.substring(0, MAX_SUBJECT) : s;
    }

    /** An email that reports no event (the configuration check's), with a Message-ID of its own. */
    AlertEmail compose(Route route, String subject, String text) {
        return new AlertEmail(route, subject, text, null, 0, MessageIds.generate(idDomain), null, List.of(),
                wallClock.getAsLong());
    }

    /** The group that speaks for the email, the first {@link #ordered} one; null for none. */
    static GroupReport mainGroup(List<GroupReport> reports) {
        return reports.isEmpty() ? null : ordered(reports).get(0);
    }

    /**
     * The reports in the order an email shows them: new groups before repeats (a new error is news),
     * then the more severe, then among new groups the latest (the fatal error logged just before
     * {@code System.exit}), among repeats and at equal times the biggest.
     */
    static List<GroupReport> ordered(List<GroupReport> reports) {
        List<GroupReport> sorted = new ArrayList<>(reports);
        sorted.sort(DigestComposer::compare);
        return sorted;
    }

    private static int compare(GroupReport a, GroupReport b) {
        if (a.firstMail() != b.firstMail()) {
            return a.firstMail() ? -1 : 1;
        }
        ILoggingEvent x = a.example().event();
        ILoggingEvent y = b.example().event();
        int c = Integer.compare(y.getLevel().toInt(), x.getLevel().toInt());
        if (c == 0 && a.firstMail()) {
            c = Long.compare(b.example().loggedNanos(), a.example().loggedNanos());
        }
        return c != 0 ? c : Long.compare(b.count(), a.count());
    }

    /**
     * The subject pattern applied to the main group's example, then what else the email reports:
     * {@code +N similar} (more of the main group), {@code +N other} (other groups) and {@code +N more}
     * (events counted but not kept in detail, whose kind is unknown).
     */
    String subject(GroupReport main, List<GroupReport> reports, long unkept) {
        StringBuilder sb = new StringBuilder();
        long similar = 0;
        long other = 0;
        if (main != null) {
            sb.append(oneLine(firstLine(subjectLayout.doLayout(main.example().event()))));
            similar = main.count() - 1;
        } else {
            sb.append("Error events not kept in detail");
        }
        for (GroupReport r : reports) {
            if (r != main) {
                other += r.count();
            }
        }
        if (sb.length() > MAX_SUBJECT) {
            sb.setLength(MAX_SUBJECT);
            sb.append('\u2026');
        }
        List<String> parts = new ArrayList<>(3);
        if (similar > 0) {
            parts.add(String.format(Locale.ROOT, "+%,d similar", similar));
        }
        if (other > 0) {
            parts.add(String.format(Locale.ROOT, "+%,d other", other));
        }
        if (unkept > 0 && main != null) {
            parts.add(String.format(Locale.ROOT, "+%,d more", unkept));
        } else if (unkept > 0) {
            parts.add(String.format(Locale.ROOT, "%,d", unkept));
        }
        if (!parts.isEmpty()) {
            sb.append(" [").append(String.join(", ", parts)).append(']');
        }
        return sb.toString();
    }

    /** As Logback does (LOGBACK-865): the subject ends at its first line feed. */
    static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The {@code header} patterns applied to an event; empty values are left out. */
    List<Header> headers(ILoggingEvent event) {
        if (headers.isEmpty()) {
            return List.of();
        }
        List<Header> result = new ArrayList<>(headers.size());
        for (Map.Entry<String, Layout<ILoggingEvent>> h : headers) {
            // The message writer cleans every header value again: nothing here can add a header line.
            String value = oneLine(h.getValue().doLayout(event));
            if (value.length() > MAX_SUBJECT) {
                int end = Character.isHighSurrogate(value.charAt(MAX_SUBJECT - 1)) ? MAX_SUBJECT - 1 : MAX_SUBJECT;
                value = value.substring(0, end) + '\u2026';
            }
            if (!value.isEmpty()) {
                result.add(new Header(h.getKey(), value));
            }
        }
        return result;
    }

    /** One line: controls (CR, LF, tabs, NUL...) become spaces and runs of spaces shrink to one. */
    static String oneLine(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean blank = Character.isWhitespace(c) || ControlCharacters.isControl(c);
            if (blank) {
                space = sb.length() > 0;
            } else {
                if (space) {
                    sb.append(' ');
                    space = false;
                }
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The digest's summary: the totals, then one line per group and its headline. */
    private String summary(List<GroupReport> reports, long unkept, long events) {
        StringBuilder sb = new StringBuilder(1024);
        sb.append(String.format(Locale.ROOT, "%,d error event%s in %d group%s.%n%n", events, events == 1 ? "" : "s",
                reports.size(), reports.size() == 1 ? "" : "s"));
        int n = 0;
        for (GroupReport r : reports) {
            n++;
            sb.append('#').append(n).append(' ').append(summary(r)).append(System.lineSeparator());
            sb.append("   ").append(oneLine(headline(r.example().event()))).append(System.lineSeparator());
        }
        if (unkept > 0) {
            sb.append(String.format(Locale.ROOT,
                    "Plus %,d error event%s not kept in detail (too many at once to sort).%n", unkept,
                    unkept == 1 ? "" : "s"));
        }
        return sb.toString();
    }

    /** The line above group {@code n}'s events in a digest. */
    private String heading(int n, GroupReport r) {
        int before = r.example().context().size() - 1;
        StringBuilder sb = new StringBuilder(System.lineSeparator()).append("----- #").append(n).append(" example");
        if (before > 0) {
            sb.append(", with the ").append(before).append(" event").append(before == 1 ? "" : "s")
                    .append(" logged before it");
        }
        return sb.append(" -----").append(System.lineSeparator()).toString();
    }

    private String summary(GroupReport r) {
        String when = r.count() == 1 ? "at " + time(r.firstMillis())
                : "from " + time(r.firstMillis()) + " to " + time(r.lastMillis());
        if (r.firstMail()) {
            return String.format(Locale.ROOT, "NEW: %,d event%s %s", r.count(), r.count() == 1 ? "" : "s", when);
        }
        return String.format(Locale.ROOT, "AGAIN: %,d more event%s %s (%,d since %s)", r.count(),
                r.count() == 1 ? "" : "s", when, r.total(), time(r.firstEverMillis()));
    }

    private static String headline(ILoggingEvent e) {
        StringBuilder sb = new StringBuilder().append(e.getLevel()).append(' ').append(e.getLoggerName()).append(" - ")
                .append(e.getFormattedMessage());
        IThrowableProxy t = e.getThrowableProxy();
        if (t != null) {
            IThrowableProxy root = Fingerprint.rootCause(t);
            sb.append(" / root cause ").append(root.getClassName());
            if (root.getMessage() != null) {
                sb.append(": ").append(root.getMessage());
            }
        }
        return sb.length() > 300 ? sb.substring(0, 300) + "\u2026" : sb.toString();
    }

    private String time(long millis) {
        return TIME.format(Instant.ofEpochMilli(millis).atZone(zone));
    }
}
