package io.github.mailback.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one alert email says, built once from the digest's reports and rendered twice, as text and as
 * HTML: the groups in the order the email shows them, the main group that speaks for it, the events
 * counted without detail, and the totals.
 */
public final class EmailModel {
    /** Subjects longer than this are cut: mail clients show less, and RFC 5322 2.1.1 caps lines at 998. */
    public static final int MAX_SUBJECT = 200;

    private final List<GroupReport> groups;
    private final long unkept;
    private final long events;
    private final long uncleanExits;

    private EmailModel(List<GroupReport> groups, long unkept) {
        this.groups = groups;
        this.unkept = unkept;
        long n = unkept;
        long exits = 0;
        for (GroupReport r : groups) {
            n += r.events();
            exits += r.uncleanExits() ? r.count() : 0;
        }
        this.events = n;
        this.uncleanExits = exits;
    }

    /** The model of an email reporting these groups, and {@code unkept} events counted without detail. */
    public static EmailModel of(List<GroupReport> reports, long unkept) {
        List<GroupReport> sorted = new ArrayList<>(reports);
        sorted.sort(EmailModel::compare);
        return new EmailModel(List.copyOf(sorted), unkept);
    }

    /**
     * The order an email shows groups in: new groups before repeats (a new error is news), then the more
     * severe, then among new groups the latest (the fatal error logged just before {@code System.exit}),
     * among repeats and at equal times the biggest.
     */
    private static int compare(GroupReport a, GroupReport b) {
        if (a.firstMail() != b.firstMail()) {
            return a.firstMail() ? -1 : 1;
        }
        int c = Integer.compare(Levels.rank(b.example().trigger().level()), Levels.rank(a.example().trigger().level()));
        if (c == 0 && a.firstMail()) {
            c = Long.compare(b.exampleNanos(), a.exampleNanos());
        }
        return c != 0 ? c : Long.compare(b.count(), a.count());
    }

    /** The groups, in the order the email shows them. */
    public List<GroupReport> groups() {
        return groups;
    }

    /** The group that speaks for the email: its subject and headers are this group's; null when there is none. */
    public GroupReport main() {
        return groups.isEmpty() ? null : groups.get(0);
    }

    /** Events reported by number only. */
    public long unkept() {
        return unkept;
    }

    /** Every triggering event the email reports: its {@code X-Mailback-Events}. */
    public long events() {
        return events;
    }

    /** Runs that ended without a clean stop, which the email reports: its {@code X-Mailback-Unclean-Exits}. */
    public long uncleanExits() {
        return uncleanExits;
    }

    /** One group, one event: nothing to summarise, and the body is Logback's. */
    public boolean isSingleEvent() {
        return groups.size() == 1 && events == 1 && groups.get(0).runs() == 1;
    }

    /** {@code 5,003 error events in 3 groups}, and {@code 1 unclean exit} when a run ended without a clean stop. */
    public String title() {
        long exitGroups = uncleanExits == 0 ? 0 : groups.stream().filter(GroupReport::uncleanExits).count();
        String exits = Words.count(uncleanExits, "unclean exit");
        if (exitGroups == groups.size() && events == 0 && uncleanExits > 0) {
            return exits;
        }
        String title = Words.count(events, "error event") + " in " + Words.count(groups.size() - exitGroups, "group");
        return uncleanExits == 0 ? title : title + ", " + exits;
    }

    /**
     * The main group's subject, then what else the email reports: {@code +N similar} (more of the main
     * group), {@code +N other} (other groups) and {@code +N more} (events counted but not kept in
     * detail, whose kind is unknown).
     */
    public String subject() {
        GroupReport main = main();
        StringBuilder sb = new StringBuilder();
        long similar = 0;
        long other = 0;
        if (main != null) {
            sb.append(main.example().subject());
            similar = main.count() - 1;
        } else {
            sb.append("Error events not kept in detail");
        }
        for (GroupReport r : groups) {
            if (r != main) {
                other += r.events();
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
        if (unkept > 0) {
            parts.add(String.format(Locale.ROOT, main != null ? "+%,d more" : "%,d", unkept));
        }
        if (uncleanExits > 0 && main != null && !main.uncleanExits()) {
            parts.add(Words.count(uncleanExits, "unclean exit")); // else hidden in a header that clients hide
        }
        if (!parts.isEmpty()) {
            sb.append(" [").append(String.join(", ", parts)).append(']');
        }
        return sb.toString();
    }
}
