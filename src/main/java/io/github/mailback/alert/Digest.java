package io.github.mailback.alert;

import io.github.mailback.report.Example;
import io.github.mailback.report.GroupReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The errors waiting to be mailed, grouped by route and fingerprint, with counts. Holds at most
 * {@code maxGroups} groups: a new fingerprint beyond that replaces a group with nothing pending, or
 * when there is none it is only counted ("unkept") and still reported by number. Owned by the
 * sender thread; not thread-safe.
 */
final class Digest {
    private record Key(Route route, String fingerprint) {
    }

    /** Events reported only by number on a route, and since when (nanoTime). */
    private static final class Unkept {
        long count;
        long since;
    }

    private final int maxGroups;
    private final RepeatPolicy policy;
    private final LinkedHashMap<Key, Group> groups = new LinkedHashMap<>();
    private final Map<Route, Unkept> unkept = new HashMap<>();
    private long pendingEvents;

    public Digest(int maxGroups, RepeatPolicy policy) {
        if (maxGroups < 1) {
            throw new IllegalArgumentException("maxGroups must be at least 1: " + maxGroups);
        }
        this.maxGroups = maxGroups;
        this.policy = policy;
    }

    /** Makes the example of a group from the incident that begins its batch; may throw (a layout may). */
    interface Examples {
        Example of(Incident incident);
    }

    /** Counts an incident into its group, creating the group when there is room. */
    public void add(Incident incident, Route route, String fingerprint, Examples examples) {
        add(incident, incident.loggedNanos(), incident.event().getTimeStamp(), 1, route, fingerprint, examples);
    }

    /**
     * Counts a run that ended without a clean stop into its group: a group like any other, under the rate
     * limit and the repeat policy, whose count is of runs and adds nothing to the events pending.
     */
    void addUncleanExit(Incident report, Route route, String fingerprint, Examples examples) {
        Group g = groups.get(new Key(route, fingerprint));
        if (g == null) {
            if (groups.size() >= maxGroups && !evictOneIdle()) {
                return; // no room: the status said it already
            }
            g = new Group(fingerprint, route);
            g.uncleanExits = true;
            g.firstSeenMillis = report.event().getTimeStamp();
            groups.put(new Key(route, fingerprint), g);
        }
        add(report, route, fingerprint, examples);
    }

    /**
     * Counts {@code count} incidents of one group at once, from {@code first} to the last one, logged
     * at {@code lastNanos} (the engine's clock) with the time stamp {@code lastMillis}. When the example
     * cannot be made, nothing is counted and the exception passes.
     */
    void add(Incident first, long lastNanos, long lastMillis, long count, Route route, String fingerprint,
            Examples examples) {
        Key key = new Key(route, fingerprint);
        Group g = groups.get(key);
        long now = first.loggedNanos();
        if (g == null && groups.size() >= maxGroups && !evictOneIdle()) {
            addUnkept(route, count, now);
            return;
        }
        Example example = g == null || g.pending == 0 ? examples.of(first) : null;
        if (g == null) {
            g = new Group(fingerprint, route);
            g.firstSeenMillis = first.event().getTimeStamp();
            groups.put(key, g);
        } else if (g.pending == 0 && now - g.lastEventAt >= policy.maxRepeatInterval()) {
            g.level = 0; // quiet long enough: back-off starts over
            g.restarted = true;
        }
        if (!g.thisRun) {
            g.thisRun = true; // a group from the spool, logged again by this run
            g.runs++;
        }
        if (example != null) {
            g.example = example;
            g.exampleFile = null; // a new example: the spool writes it anew
            g.exampleNanos = now;
            g.pendingSince = now;
            g.pendingFirstMillis = first.event().getTimeStamp();
        }
        g.pending += count;
        g.total += count;
        g.lastEventAt = Math.max(g.lastEventAt, lastNanos);
        g.lastSeenMillis = Math.max(g.lastSeenMillis, lastMillis);
        pendingEvents += g.uncleanExits ? 0 : count;
    }

    /** Every group, in the order they came (the spool writes them so). */
    java.util.Collection<Group> groups() {
        return groups.values();
    }

    /**
     * Takes a group the spool kept, or adds its counts to the group of this run with the same route and
     * fingerprint (a spool taken over from another process). False when there is no room: the caller
     * counts its events by number.
     */
    boolean restore(Group kept) {
        Key key = new Key(kept.route, kept.fingerprint);
        Group g = groups.get(key);
        if (g == null) {
            if (groups.size() >= maxGroups && !evictOneIdle()) {
                return false;
            }
            groups.put(key, kept);
            pendingEvents += kept.uncleanExits ? 0 : kept.pending;
            return true;
        }
        if (g.pending == 0 && kept.pending > 0) {
            g.example = kept.example;
            g.exampleFile = kept.exampleFile;
            g.exampleNanos = kept.exampleNanos;
            g.pendingSince = kept.pendingSince;
            g.pendingFirstMillis = kept.pendingFirstMillis;
        }
        g.pending += kept.pending;
        g.total += kept.total;
        g.runs += kept.runs;
        g.firstSeenMillis = Math.min(g.firstSeenMillis, kept.firstSeenMillis);
        g.lastSeenMillis = Math.max(g.lastSeenMillis, kept.lastSeenMillis);
        g.lastEventAt = Math.max(g.lastEventAt, kept.lastEventAt);
        if (kept.mails > g.mails) {
            g.mails = kept.mails;
            g.level = kept.level;
            g.lastMailedAt = kept.lastMailedAt;
            g.lastMailedCount = kept.lastMailedCount;
            g.threadId = kept.threadId;
        }
        pendingEvents += g.uncleanExits ? 0 : kept.pending;
        return true;
    }

    /**
     * Drops a group's details to save the spool's room: its pending events go on as a number, counted in no
     * group. Never for a group whose email is on its way. False when the group is no longer there.
     */
    boolean forget(Group g) {
        Key key = new Key(g.route, g.fingerprint);
        if (groups.get(key) != g) {
            return false;
        }
        groups.remove(key);
        long n = g.uncleanExits ? 0 : g.pending;
        pendingEvents -= n;
        addUnkept(g.route, n, g.pendingSince);
        return true;
    }

    /**
     * True when the route has events that a stop mails even with a spool: those of a group never mailed,
     * in any run, or counted in no group.
     */
    boolean hasNew(Route route) {
        if (unkept(route) > 0) {
            return true;
        }
        for (Group g : groups.values()) {
            if (g.route.equals(route) && g.pending > 0 && g.mails == 0) {
                return true;
            }
        }
        return false;
    }

    /** Events counted in no group, by route, and since when (nanoTime): the spool keeps their sum. */
    long unkeptTotal() {
        long n = 0;
        for (Unkept u : unkept.values()) {
            n += u.count;
        }
        return n;
    }

    long unkeptSince() {
        long since = Long.MAX_VALUE;
        for (Unkept u : unkept.values()) {
            if (u.count > 0) {
                since = Math.min(since, u.since);
            }
        }
        return since;
    }

    /**
     * Events the spool keeps for a later run at a stop: those of groups mailed before, in any run, whose
     * repeat is not due. The rest (new groups, unkept counts) a stop mails.
     */
    long pendingRepeats() {
        long n = 0;
        for (Group g : groups.values()) {
            n += g.mails > 0 && !g.uncleanExits ? g.pending : 0;
        }
        return n;
    }

    /** Counts events that could not be kept in any group (digest or inbox full). */
    public void addUnkept(Route route, long count, long now) {
        if (count <= 0) {
            return;
        }
        Unkept u = unkept.computeIfAbsent(route, r -> new Unkept());
        if (u.count == 0) {
            u.since = now;
        }
        u.count += count;
        pendingEvents += count;
    }

    private boolean evictOneIdle() {
        Key victim = null;
        long oldest = Long.MAX_VALUE;
        for (Map.Entry<Key, Group> e : groups.entrySet()) {
            Group g = e.getValue();
            if (g.pending == 0 && g.lastEventAt < oldest) {
                oldest = g.lastEventAt;
                victim = e.getKey();
            }
        }
        if (victim == null) {
            return false;
        }
        groups.remove(victim);
        return true;
    }

    /** Events not yet reported, all routes together. */
    public long pendingEvents() {
        return pendingEvents;
    }

    /** Routes that have something to report. */
    public Set<Route> pendingRoutes() {
        Set<Route> routes = new LinkedHashSet<>();
        for (Group g : groups.values()) {
            if (g.pending > 0) {
                routes.add(g.route);
            }
        }
        for (Map.Entry<Route, Unkept> e : unkept.entrySet()) {
            if (e.getValue().count > 0) {
                routes.add(e.getKey());
            }
        }
        return routes;
    }

    /** When the route's earliest group falls due (nanoTime); {@code Long.MAX_VALUE} when nothing is pending. */
    public long dueAt(Route route) {
        long due = Long.MAX_VALUE;
        for (Group g : groups.values()) {
            if (g.route.equals(route)) {
                due = Math.min(due, policy.dueAt(g));
            }
        }
        Unkept u = unkept.get(route);
        if (u != null && u.count > 0) {
            due = Math.min(due, u.since + policy.batchWindow());
        }
        return due;
    }

    /**
     * What an email to {@code route} sent at {@code now} reports: every group with pending events,
     * the due ones (whose back-off allows a mail) first, then those held back by it.
     */
    public List<GroupReport> reports(Route route, long now) {
        List<GroupReport> due = new ArrayList<>();
        List<GroupReport> held = new ArrayList<>();
        for (Group g : groups.values()) {
            if (g.route.equals(route) && g.pending > 0) {
                boolean isDue = policy.dueAt(g) <= now;
                (isDue ? due : held).add(g.report(isDue));
            }
        }
        due.addAll(held);
        return due;
    }

    /** Events on the route reported only by number. */
    public long unkept(Route route) {
        Unkept u = unkept.get(route);
        return u == null ? 0 : u.count;
    }

    /** Records that the reports were mailed in the email {@code messageId}; returns the events reported. */
    public long markMailed(Route route, List<GroupReport> reports, long now, String messageId) {
        long events = 0;
        for (GroupReport r : reports) {
            Group g = groups.get(new Key(route, r.fingerprint()));
            if (g == null) {
                continue;
            }
            // Only what the email counted: events that arrived while it was sent stay pending.
            long reported = Math.min(r.count(), g.pending);
            g.pending -= reported;
            events += g.uncleanExits ? 0 : reported;
            if (g.mails > 0 && r.due() && !g.restarted) {
                g.level++;
            }
            g.restarted = false;
            if (g.threadId == null) {
                g.threadId = messageId;
            }
            g.mails++;
            g.lastMailedAt = now;
            g.lastMailedCount = reported;
            if (g.pending > 0) {
                g.pendingSince = g.lastEventAt;
            }
        }
        pendingEvents -= events;
        return events;
    }

    /** Removes {@code count} unkept events of the route (they were mailed or given up). */
    public void clearUnkept(Route route, long count) {
        Unkept u = unkept.get(route);
        if (u != null && count > 0) {
            long n = Math.min(count, u.count);
            u.count -= n;
            pendingEvents -= n;
        }
    }

    /** Gives up on the reported events of a route (a permanent failure); returns how many. */
    public long dropReported(Route route, List<GroupReport> reports) {
        long events = 0;
        for (GroupReport r : reports) {
            Group g = groups.get(new Key(route, r.fingerprint()));
            if (g != null) {
                long n = Math.min(r.count(), g.pending);
                g.pending -= n;
                events += g.uncleanExits ? 0 : n;
            }
        }
        pendingEvents -= events;
        return events;
    }
}
