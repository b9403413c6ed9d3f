package io.github.mailback.alert;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.github.mailback.internal.ControlCharacters;
import io.github.mailback.report.EventSnapshot;
import io.github.mailback.report.Example;
import io.github.mailback.report.Formatted;
import io.github.mailback.report.GroupReport;
import io.github.mailback.report.SnapshotCodec;
import io.github.mailback.report.Times;
import io.github.mailback.report.Words;
import io.github.mailback.spool.Spool;
import io.github.mailback.spool.SpoolState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Brings what a spool's state holds back into the engine: once, at the start or when this run takes a
 * spool over. Times are wall-clock instants in the spool, read back onto this JVM's clock; one that lies
 * in the future (the clock stepped back between runs) is taken as now, so nothing is held forever, and
 * what lies far in the past is due, but one email per route and the rate limit still apply, so nothing
 * floods.
 *
 * <p>Recipients are never read back: each group's are worked out again from its example by the current
 * {@code to} patterns, with the same checks as for a live event.
 */
final class Recovery {
    /** The fingerprint of the group of runs that ended without a clean stop. */
    static final String UNCLEAN_EXIT = "mailback:unclean-exit";
    /** The logger its report names. */
    private static final String LOGGER = "mailback.spool";

    /** The engine's parts that take what is brought back. */
    record Engine(AlertEngine engine, Digest digest, Intake intake, Digest.Examples examples) {
    }

    private final SpoolRecords records;
    /** Null when redactSecrets is false. */
    private final SpoolRedaction redaction;
    private final AlertEngine engine;
    private final Digest digest;
    private final Intake intake;
    private final Digest.Examples examples;
    private final LoggerContext context;
    /** How the unclean exit's report writes times, as the emails do. */
    private final Times times;
    private final StatusReporter status;
    private final AlertCounters counters;

    Recovery(SpoolRecords records, SpoolRedaction redaction, Engine parts, LoggerContext context, Times times,
            StatusReporter status, AlertCounters counters) {
        this.records = records;
        this.redaction = redaction;
        this.engine = parts.engine();
        this.digest = parts.digest();
        this.intake = parts.intake();
        this.examples = parts.examples();
        this.context = context;
        this.times = times;
        this.status = status;
        this.counters = counters;
    }

    /**
     * Brings back the groups, their counts and schedule, the retries, the rate budget and the emails on
     * their way, onto this JVM's clocks ({@code now} is its nanoTime, {@code wallNow} the wall clock); then
     * reports the run that wrote them if it ended without a clean stop.
     */
    void restore(SpoolState state, long lastSign, long now, long wallNow, boolean reportUncleanExit) {
        Map<String, Group> byFingerprint = new LinkedHashMap<>();
        long recovered = 0;
        long pendingThen = 0;
        for (SpoolState.Group s : state.groups()) {
            Example example = example(s.example(), s.fingerprint(), s.exampleRedacted(), wallNow);
            Route route = intake.route(view(example.trigger()), s.uncleanExits() ? 0 : s.pending());
            if (route == null) {
                // Brought back, then counted as failed (said by a status): the current to patterns give
                // its event no recipient.
                recovered += s.uncleanExits() ? 0 : s.pending();
                continue;
            }
            Group g = new Group(s.fingerprint(), route);
            g.example = example;
            // An example redacted only now is written again, redacted.
            g.exampleFile = records.has(s.example()) && (redaction == null || s.exampleRedacted()) ? s.example()
                    : null;
            g.exampleNanos = toNanos(s.exampleAt(), now, wallNow);
            g.total = s.total();
            g.pending = s.pending();
            g.firstSeenMillis = s.firstSeen();
            g.lastSeenMillis = s.lastSeen();
            g.pendingFirstMillis = s.pendingFirst();
            g.pendingSince = toNanos(s.pendingSince(), now, wallNow);
            g.lastEventAt = toNanos(s.lastEventAt(), now, wallNow);
            g.mails = s.mails();
            g.level = s.level();
            g.restarted = s.restarted();
            g.lastMailedAt = toNanos(s.lastMailedAt(), now, wallNow);
            g.lastMailedCount = s.lastMailedCount();
            g.threadId = s.threadId();
            g.runs = Math.max(1, s.runs());
            g.thisRun = false;
            g.uncleanExits = s.uncleanExits();
            if (!digest.restore(g)) {
                digest.addUnkept(route, g.uncleanExits ? 0 : g.pending, now);
            }
            byFingerprint.put(g.fingerprint, g);
            if (!g.uncleanExits) {
                recovered += g.pending;
                pendingThen += g.pending;
            }
            if (s.retryAttempts() > 0) {
                engine.restoreRetry(route, now - Math.max(0, s.retryRunning()), s.retryAttempts());
            }
        }
        if (state.unkept() > 0) {
            Route route = byFingerprint.isEmpty() ? null : byFingerprint.values().iterator().next().route;
            if (route != null) {
                digest.addUnkept(route, state.unkept(), toNanos(state.unkeptSince(), now, wallNow));
                recovered += state.unkept();
            } else {
                recovered += state.unkept();
                counters.eventsFailed.addAndGet(state.unkept());
                status.error(state.unkept() + " error event(s) counted in no group, from the spool, not mailed: "
                        + "no group of theirs came back to give them recipients");
            }
            pendingThen += state.unkept();
        }
        engine.bucket().restore(state.bucketTokens(), toNanos(state.bucketRefilledAt(), now, wallNow));
        if (state.holdUntil() > wallNow) {
            engine.hold(toNanos(state.holdUntil(), now, wallNow));
        }
        for (SpoolState.Email e : state.emails()) {
            recovered += email(e, byFingerprint, now, wallNow);
        }
        counters.spoolRecovered.addAndGet(recovered);
        long resends = engine.resends().pending().size();
        if (recovered > 0 || resends > 0) {
            SpoolState.Run r = state.run();
            status.info("Spool: brought back " + Words.count(recovered, "error event") + " in "
                    + Words.count(byFingerprint.size(), "group") + (resends == 0 ? "" : " and "
                            + Words.count(resends, "email") + " to send again") + " from the run of process " + r.pid()
                    + " on " + r.host() + ", which " + (r.clean() ? "stopped cleanly" : "ended without a clean stop"));
        }
        if (state.run() != null && !state.run().clean() && reportUncleanExit) {
            uncleanExit(state.run(), Math.max(state.run().heartbeatAt(), lastSign), pendingThen, byFingerprint.size(),
                    now);
        }
    }

    /** The example of a group, or one that says its details were lost when its record cannot be read. */
    private Example example(String name, String fingerprint, boolean writtenRedacted, long wallNow) {
        try {
            // Only a record of its kind: a damaged state must not make the lock or the state an example.
            byte[] payload = name.startsWith(SpoolRecords.EXAMPLE_PREFIX) ? records.read(name, Spool.EXAMPLE) : null;
            if (payload != null) {
                Example e = SnapshotCodec.read(payload);
                records.known(name, payload, writtenRedacted);
                // Written without redaction, read with it: redacted now, and written again at the next checkpoint.
                return redaction == null || writtenRedacted ? e : redaction.example(e);
            }
        } catch (IOException e) {
            records.quarantine(name, e);
        }
        String message = "(the details of this group were lost from the spool; its count is kept)";
        EventSnapshot trigger = new EventSnapshot(wallNow, "ERROR", "mailback.spool", "-", message, message,
                Map.of(), List.of(), null, null, new Formatted(message + System.lineSeparator(), null));
        return new Example(trigger, List.of(), ControlCharacters.oneLine("Error group " + fingerprint), List.of());
    }

    /** Brings back one email on its way; returns the events it adds to this run's count. */
    private long email(SpoolState.Email e, Map<String, Group> byFingerprint, long now, long wallNow) {
        Group first = e.fingerprints().isEmpty() ? null : byFingerprint.get(e.fingerprints().get(0));
        AlertEmail email = null;
        try {
            byte[] payload = e.file().startsWith(SpoolRecords.EMAIL_PREFIX) ? records.read(e.file(), Spool.EMAIL) : null;
            if (payload != null && first != null) {
                email = EmailRecord.read(payload, first.route);
                if (e.redacted() || redaction == null) {
                    records.known(e.file(), payload, e.redacted());
                } else {
                    email = redaction.email(email); // not known: written again, redacted, at the next checkpoint
                }
            }
        } catch (IOException x) {
            records.quarantine(e.file(), x);
        }
        if (email == null) {
            if (e.inFlight() && e.uncertain() == 0) {
                return 0; // its counts are still pending in their groups: a new email reports them
            }
            status.error("Spool: an email to send again could not be brought back; "
                    + (e.uncertain() > 0 ? e.uncertain() + " error event(s) in it may not have arrived" : "it reached "
                            + "some of its recipients"));
            return 0;
        }
        counters.spoolResent.incrementAndGet();
        if (e.inFlight() && e.uncertain() == 0 && !e.counts().isEmpty()) {
            // It was being sent when the run ended: it may have arrived. It goes once more, the same email.
            List<GroupReport> reports = new ArrayList<>();
            for (int i = 0; i < e.fingerprints().size(); i++) {
                reports.add(new GroupReport(e.fingerprints().get(i), null, e.counts().get(i), 0, 0, 0, 0, false, true,
                        null, 0));
            }
            long n = digest.markMailed(first.route, reports, now, email.messageId());
            digest.clearUnkept(first.route, e.unkept());
            counters.eventsUncertain.addAndGet(n + e.unkept());
            engine.resends().again(email, e.fingerprints(), n + e.unkept());
            return 0; // counted when their groups came back
        }
        List<String> to = new ArrayList<>(e.to());
        to.retainAll(first.route.to()); // the current recipients win
        if (to.isEmpty()) {
            return 0;
        }
        counters.eventsUncertain.addAndGet(e.uncertain());
        engine.resends().restore(email, e.fingerprints(), to, now - Math.max(0, e.retryRunning()),
                e.attempts(), e.uncertain());
        return e.uncertain();
    }

    /** The run that ended without a clean stop, as a group of its own: it counts runs, not events. */
    private void uncleanExit(SpoolState.Run dead, long lastSign, long pending, int groups, long now) {
        String headline = "A run ended without a clean stop (process " + dead.pid() + " on " + dead.host() + ")";
        String message = "A run ended without a clean stop: process " + dead.pid() + " on " + dead.host()
                + ", started " + times.full(dead.startedAt()) + ", last seen alive " + times.full(lastSign) + ", with "
                + (pending == 0 ? "no error event" : Words.count(pending, "error event") + " in "
                        + Words.count(groups, "group")) + " waiting for its email";
        LoggingEvent report = view(new EventSnapshot(lastSign, "ERROR", LOGGER, "-", message, headline, Map.of(),
                List.of(), null, null, null));
        Route route = intake.route(report, 0);
        if (route == null) {
            return;
        }
        // The subject from the headline alone, through the subject pattern as for any event.
        LoggingEvent titled = view(new EventSnapshot(lastSign, "ERROR", LOGGER, "-", headline, headline, Map.of(),
                List.of(), null, null, null));
        Digest.Examples titledExamples = incident -> {
            Example e = examples.of(incident);
            String subject = examples.of(new Incident(titled, List.of(titled), now)).subject();
            return new Example(e.trigger(), e.before(), subject, e.headers());
        };
        digest.addUncleanExit(new Incident(report, List.of(report), now), route, UNCLEAN_EXIT, titledExamples);
    }

    /** A live event that stands for a snapshot, for what reads events: the to patterns, the layouts. */
    private LoggingEvent view(EventSnapshot e) {
        LoggingEvent v = new LoggingEvent();
        v.setLoggerContext(context);
        v.setLoggerName(e.logger());
        v.setLevel(Level.toLevel(e.level(), Level.ERROR));
        v.setThreadName(e.thread() == null ? "-" : e.thread());
        v.setMessage(e.message());
        v.setTimeStamp(e.timeMillis());
        v.setMDCPropertyMap(e.mdc());
        return v;
    }


    /** A wall-clock time on this JVM's clock; one in the future (the clock stepped back) is now. */
    private static long toNanos(long wallTime, long now, long wallNow) {
        return now - TimeUnit.MILLISECONDS.toNanos(Math.max(0, wallNow - wallTime));
    }
}
