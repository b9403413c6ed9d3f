package io.github.mailback.alert;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.github.mailback.internal.Bytes;
import io.github.mailback.internal.ControlCharacters;
import io.github.mailback.mime.Header;
import io.github.mailback.redact.Redactor;
import io.github.mailback.redact.Tally;
import io.github.mailback.report.EventSnapshot;
import io.github.mailback.report.Example;
import io.github.mailback.report.Formatted;
import io.github.mailback.report.GroupReport;
import io.github.mailback.report.SnapshotCodec;
import io.github.mailback.report.ThrowableSnapshot;
import io.github.mailback.report.Times;
import io.github.mailback.report.Words;
import io.github.mailback.spool.Spool;
import io.github.mailback.spool.SpoolState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps what the sender holds in the {@link Spool}, and brings it back at the next start: the bridge
 * between the engine's live state and the spool's plain data. The sender thread alone calls it: the
 * spool has one writer.
 *
 * <p>What is written, at the end of a sender step that changed something (and before a send starts,
 * so that an email in flight is known to be): each group's example once, in a record of its own; each
 * email on its way; then the state, small, with the counts, the schedule, the rate budget and the run's
 * mark. Records no longer referenced are removed after the state. Times are written as wall-clock
 * instants and read back onto this JVM's clock; a time that lies in the future (the clock stepped back
 * between runs) is taken as now, so nothing is held forever, and what lies far in the past is due, but
 * one email per route and the rate limit still apply, so nothing floods.
 *
 * <p>Recipients are never read back: each group's are worked out again from its example by the current
 * {@code to} patterns, with the same checks as for a live event.
 */
final class Persistence {
    /** The state is written at least this often while the run lives: its last sign of life. */
    static final long HEARTBEAT_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** A spool locked by another process is tried again this often, to take it over when it frees. */
    static final long LOCK_RETRY_NANOS = TimeUnit.SECONDS.toNanos(5);
    static final String STATE = "state";
    private static final String EXAMPLE_PREFIX = "ex-";
    private static final String EMAIL_PREFIX = "mail-";
    /** The fingerprint of the group of runs that ended without a clean stop. */
    static final String UNCLEAN_EXIT = "mailback:unclean-exit";
    /** The logger its report names. */
    private static final String LOGGER = "mailback.spool";

    private final Spool spool;
    /** How the unclean exit's report writes times, as the emails do. */
    private final Times times;
    /** A spool written without redaction is redacted when read with it; null when redactSecrets is false. */
    private final Redactor redactor;
    private final long maxBytes;
    private final boolean reportUncleanExit;
    private final LoggerContext context;
    private final String service;
    private final StatusReporter status;
    private final AlertCounters counters;
    private final LongSupplier clock;
    private final LongSupplier wall;
    private final SpoolState.Run run;
    private AlertEngine engine;
    private Digest digest;
    private Intake intake;
    private Digest.Examples examples;
    /** Holding the lock, and writing works; read by the exiting JVM's hook too. */
    private volatile boolean active;
    /** A state that says the run stopped cleanly is written; read by the exiting JVM's hook. */
    private volatile boolean exitWritten;
    private boolean failed;
    private boolean dirty = true;
    private boolean clean;
    private long lastWrite;
    private long nextLockTry;
    private boolean trimmedSaid;
    /** The example and email records known to hold redacted text: a run with redaction on reads them as they are. */
    private final Set<String> redactedRecords = new HashSet<>();
    /** The records this run knows of, with their sizes. */
    private final Map<String, Long> records = new HashMap<>();
    private long sequence;

    Persistence(Spool spool, long maxBytes, boolean reportUncleanExit, LoggerContext context, String service,
            String host, Times times, Redactor redactor, StatusReporter status, AlertCounters counters,
            LongSupplier clock, LongSupplier wall) {
        this.spool = spool;
        this.times = times;
        this.redactor = redactor;
        this.maxBytes = maxBytes;
        this.reportUncleanExit = reportUncleanExit;
        this.context = context;
        this.service = service;
        this.status = status;
        this.counters = counters;
        this.clock = clock;
        this.wall = wall;
        this.run = new SpoolState.Run(Long.toHexString(wall.getAsLong()) + "-" + ProcessHandle.current().pid(), host,
                ProcessHandle.current().pid(), wall.getAsLong(), 0, false);
    }

    /** Wires the engine whose state is kept; before {@link #open}. */
    void attach(AlertEngine engine, Digest digest, Intake intake, Digest.Examples examples) {
        this.engine = engine;
        this.digest = digest;
        this.intake = intake;
        this.examples = examples;
    }

    /** True while the spool is held and usable. */
    boolean active() {
        return active;
    }

    /**
     * At the sender's start, before it takes any incident: takes the lock and brings back what a previous
     * run left. Another process holding the lock leaves this one without a spool until it frees.
     */
    void open() {
        try {
            if (!spool.tryLock()) {
                status.warn("The spool " + spool.directory() + " is held by another process: this appender runs "
                        + "without it, and takes it over, with what it holds, once that process has ended");
                nextLockTry = clock.getAsLong() + LOCK_RETRY_NANOS;
                return;
            }
            recover();
        } catch (IOException | RuntimeException e) {
            disable("cannot use the spool " + spool.directory() + ": " + e);
        }
    }

    /** Marks that the state changed: the next checkpoint writes it. */
    void changed() {
        dirty = true;
    }

    /**
     * Writes what changed, at most once per call: at the end of each sender step, and before a send
     * starts. Without the lock, tries to take the spool over now and then.
     */
    void checkpoint(boolean force) {
        long now = clock.getAsLong();
        if (!active) {
            if (!failed && now - nextLockTry >= 0 && engine != null) {
                nextLockTry = now + LOCK_RETRY_NANOS;
                try {
                    if (spool.tryLock()) {
                        status.warn("Took over the spool " + spool.directory() + " from a process that has ended");
                        recover();
                    }
                } catch (IOException | RuntimeException e) {
                    disable("cannot take over the spool " + spool.directory() + ": " + e);
                }
            }
            return;
        }
        if (!force && !dirty) {
            if (now - lastWrite >= HEARTBEAT_NANOS) {
                lastWrite = now;
                spool.touch(wall.getAsLong()); // a sign of life that writes no data
            }
            return;
        }
        try {
            boolean cleanNow = clean;
            write();
            lastWrite = now;
            dirty = false;
            exitWritten = cleanNow;
            counters.checkpoints.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            disable("could not write the spool " + spool.directory() + " (" + e
                    + "); mailing goes on from memory, and what is pending now is lost if the process dies");
        }
    }

    /** At a clean stop, after the final flush: the state marked clean, the lock released. */
    void close() {
        if (active) {
            clean = true;
            dirty = true;
            checkpoint(true);
        }
        active = false;
        spool.close();
    }

    /** True once a state that says the run stopped cleanly is written, or when there is no spool to write. */
    boolean exitWritten() {
        return exitWritten || !active;
    }

    /** The JVM exits through its hooks: every state from now on says the run stopped cleanly. */
    void exiting() {
        clean = true;
        dirty = true;
    }

    private void disable(String why) {
        if (!failed) {
            status.error("Spool: " + why);
        }
        failed = true;
        active = false;
        spool.close();
    }

    // ------------------------------------------------------------------ writing

    private void write() throws IOException {
        for (Group g : digest.groups()) {
            if (g.example != null && g.pending == 0 && !g.example.before().isEmpty()) {
                // Mailed: its context is never shown again (a new batch brings a new example). Kept small.
                g.example = withoutContext(g.example);
                g.exampleFile = null;
            }
        }
        writeRecords();
        if (bytes() > maxBytes && trim()) {
            writeRecords();
        }
        counters.spoolBytes.set(bytes());
        counters.spoolEntries.set(records.size());
    }

    /** Writes the examples not yet written, the emails on their way, then the state; removes what is no longer used. */
    private void writeRecords() throws IOException {
        Set<String> live = new HashSet<>();
        for (Group g : digest.groups()) {
            if (g.example == null) {
                continue;
            }
            if (g.exampleFile == null) {
                g.exampleFile = EXAMPLE_PREFIX + run.id() + "-" + sequence++;
                put(g.exampleFile, Spool.EXAMPLE, SnapshotCodec.write(g.example));
            }
            live.add(g.exampleFile);
        }
        List<SpoolState.Email> emails = new ArrayList<>();
        Send send = engine.inFlight();
        if (send != null && send.resend == null) {
            List<Long> counts = new ArrayList<>();
            for (GroupReport r : send.reports) {
                counts.add(r.count());
            }
            String file = email(send.email, live);
            emails.add(new SpoolState.Email(file, true, send.fingerprints(), counts, send.unkept, List.of(), 0, 0, 0,
                    redactedRecords.contains(file)));
        }
        long now = clock.getAsLong();
        for (Resends.Resend r : engine.resends().pending()) {
            String file = email(r.email, live);
            emails.add(new SpoolState.Email(file, send != null && send.resend == r, r.fingerprints, List.of(), 0, r.to,
                    r.uncertain, now - r.since, r.attempts, redactedRecords.contains(file)));
        }
        put(STATE, Spool.STATE, state(emails, now).write());
        for (String name : new ArrayList<>(records.keySet())) {
            if (!name.equals(STATE) && !live.contains(name)) {
                spool.delete(name);
                records.remove(name);
            }
        }
        spool.sync();
    }

    /**
     * Past maxSpoolSize, drops details, oldest first, never a count: the context events of groups waiting
     * for their email, then the groups already mailed (their repeat schedule), then the waiting groups
     * themselves, whose events are kept as a number (not those of an email on its way). Returns whether
     * anything changed.
     */
    private boolean trim() {
        List<Group> byAge = new ArrayList<>();
        Send send = engine.inFlight();
        List<String> sending = send == null ? List.of() : send.fingerprints();
        for (Group g : digest.groups()) {
            // An email on its way counts its groups when it ends: they stay.
            if (g.example != null && !g.uncleanExits && !sending.contains(g.fingerprint)) {
                byAge.add(g);
            }
        }
        byAge.sort((a, b) -> Long.compare(a.lastEventAt, b.lastEventAt));
        long over = bytes() - maxBytes;
        int dropped = 0;
        for (int pass = 0; pass < 3 && over > 0; pass++) {
            for (Group g : byAge) {
                if (over <= 0) {
                    break;
                }
                long size = records.getOrDefault(g.exampleFile, 0L);
                if (pass == 0 && !g.example.before().isEmpty()) {
                    g.example = withoutContext(g.example);
                    g.exampleFile = null;
                    over -= size / 2; // a guess: the next write measures
                    dropped++;
                } else if (pass == 1 && g.pending == 0 || pass == 2 && g.pending > 0) {
                    if (digest.forget(g)) {
                        over -= size;
                        dropped++;
                    }
                }
            }
        }
        if (dropped > 0) {
            if (!trimmedSaid) {
                trimmedSaid = true;
                status.warn("The spool reached maxSpoolSize (" + maxBytes + " bytes): the details of its oldest groups "
                        + "are dropped, their counts kept");
            }
            counters.spoolTrimmed.addAndGet(dropped);
        }
        return dropped > 0;
    }

    private static Example withoutContext(Example e) {
        return new Example(e.trigger(), List.of(), e.subject(), e.headers());
    }

    private String email(AlertEmail email, Set<String> live) throws IOException {
        // The Message-ID's random part names it: one file per email.
        String id = email.messageId();
        StringBuilder name = new StringBuilder(EMAIL_PREFIX);
        for (int k = 0; k < id.length() && id.charAt(k) != '@' && name.length() < 64; k++) {
            char c = id.charAt(k);
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                name.append(c);
            }
        }
        String file = name.toString();
        if (!records.containsKey(file)) {
            put(file, Spool.EMAIL, EmailRecord.write(email));
        }
        live.add(file);
        return file;
    }

    private void put(String name, int kind, byte[] payload) throws IOException {
        spool.write(name, kind, payload);
        records.put(name, (long) payload.length + 14);
        if (redactor != null) {
            redactedRecords.add(name); // what this run writes went through its redactor
        } else {
            redactedRecords.remove(name);
        }
    }

    private long bytes() {
        long total = 0;
        for (long size : records.values()) {
            total += size;
        }
        return total;
    }

    private SpoolState state(List<SpoolState.Email> emails, long now) {
        Map<Route, AlertEngine.Retry> retries = engine.retries();
        List<SpoolState.Group> groups = new ArrayList<>();
        for (Group g : digest.groups()) {
            if (g.example == null) {
                continue;
            }
            AlertEngine.Retry retry = retries.get(g.route);
            groups.add(new SpoolState.Group(g.fingerprint, g.exampleFile, toWall(g.exampleNanos, now), g.total, g.pending,
                    g.firstSeenMillis, g.lastSeenMillis, g.pendingFirstMillis, toWall(g.pendingSince, now),
                    toWall(g.lastEventAt, now), g.mails, g.level, g.restarted, g.mails == 0 ? 0 : toWall(g.lastMailedAt, now),
                    g.lastMailedCount, g.threadId, g.runs, g.uncleanExits, retry == null ? 0 : now - retry.since,
                    retry == null ? 0 : retry.attempts, redactedRecords.contains(g.exampleFile)));
        }
        TokenBucket bucket = engine.bucket();
        long hold = engine.holdUntil() - now > 0 ? toWall(engine.holdUntil(), now) : 0;
        long unkept = digest.unkeptTotal();
        SpoolState.Run mark = new SpoolState.Run(run.id(), run.host(), run.pid(), run.startedAt(), wall.getAsLong(),
                clean);
        return new SpoolState(mark, bucket.available(now), toWall(bucket.refilledAt(), now), hold, unkept,
                unkept == 0 ? 0 : toWall(digest.unkeptSince(), now), groups, emails);
    }

    // ------------------------------------------------------------------ reading

    /** Brings back what the spool holds into the engine, then writes this run's mark at once. */
    private void recover() throws IOException {
        spool.removeTemporaries();
        long lastSign = spool.touched();
        SpoolState state = null;
        try {
            byte[] payload = spool.read(STATE, Spool.STATE);
            state = payload == null ? null : SpoolState.read(payload);
        } catch (Bytes.MalformedException e) {
            quarantine(STATE, e);
        }
        records.clear();
        if (state != null) {
            restore(state, lastSign);
        }
        active = true;
        dirty = true;
        checkpoint(true); // this run's mark, so that its own death is known
        for (String name : spool.names()) {
            if (!records.containsKey(name)) {
                if (name.startsWith(EXAMPLE_PREFIX) || name.startsWith(EMAIL_PREFIX)) {
                    spool.delete(name); // left by a crash between a state and its clean-up
                } else {
                    quarantine(name, new Bytes.MalformedException("not a record of this spool"));
                }
            }
        }
    }

    private void quarantine(String name, Exception why) {
        if (spool.quarantine(name)) {
            status.error("Spool: " + name + " could not be read (" + why.getMessage() + "); moved aside to "
                    + spool.directory().resolve("corrupt"));
            counters.spoolQuarantined.incrementAndGet();
        }
    }

    private void restore(SpoolState state, long lastSign) {
        long now = clock.getAsLong();
        long wallNow = wall.getAsLong();
        Map<String, Group> byFingerprint = new LinkedHashMap<>();
        long recovered = 0;
        long pendingThen = 0;
        for (SpoolState.Group s : state.groups()) {
            Example example = example(s.example(), s.fingerprint(), s.exampleRedacted());
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
            g.exampleFile = records.containsKey(s.example()) && (redactor == null || s.exampleRedacted()) ? s.example()
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
    private Example example(String name, String fingerprint, boolean writtenRedacted) {
        try {
            // Only a record of its kind: a damaged state must not make the lock or the state an example.
            byte[] payload = name.startsWith(EXAMPLE_PREFIX) ? spool.read(name, Spool.EXAMPLE) : null;
            if (payload != null) {
                Example e = SnapshotCodec.read(payload);
                records.put(name, (long) payload.length + 14);
                if (writtenRedacted) {
                    redactedRecords.add(name);
                }
                // Written without redaction, read with it: redacted now, and written again at the next checkpoint.
                return redactor == null || writtenRedacted ? e : redacted(e);
            }
        } catch (IOException e) {
            quarantine(name, e);
        }
        String message = "(the details of this group were lost from the spool; its count is kept)";
        EventSnapshot trigger = new EventSnapshot(wall.getAsLong(), "ERROR", "mailback.spool", "-", message, message,
                Map.of(), List.of(), null, null, new Formatted(message + System.lineSeparator(), null));
        return new Example(trigger, List.of(), ControlCharacters.oneLine("Error group " + fingerprint), List.of());
    }

    /** Brings back one email on its way; returns the events it adds to this run's count. */
    private long email(SpoolState.Email e, Map<String, Group> byFingerprint, long now, long wallNow) {
        Group first = e.fingerprints().isEmpty() ? null : byFingerprint.get(e.fingerprints().get(0));
        AlertEmail email = null;
        try {
            byte[] payload = e.file().startsWith(EMAIL_PREFIX) ? spool.read(e.file(), Spool.EMAIL) : null;
            if (payload != null && first != null) {
                email = EmailRecord.read(payload, first.route);
                if (e.redacted()) {
                    redactedRecords.add(e.file());
                } else if (redactor != null) {
                    email = redacted(email);
                    records.remove(e.file()); // written again, redacted, at the next checkpoint
                }
                records.put(e.file(), (long) payload.length + 14);
            }
        } catch (IOException x) {
            quarantine(e.file(), x);
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

    // ------------------------------------------------------------------ redaction of what was read

    /**
     * The example with its secrets redacted, as at intake: a spool written with redactSecrets off is
     * read redacted with it on. Redacting twice changes nothing, so an example redacted already comes
     * back as it was, its counts too.
     */
    private Example redacted(Example e) {
        Tally tally = redactor.newTally();
        List<Formatted> before = new ArrayList<>();
        for (Formatted f : e.before()) {
            before.add(redacted(f, tally));
        }
        List<Header> headers = new ArrayList<>();
        for (Header h : e.headers()) {
            headers.add(new Header(h.name(), redactor.redact(h.value(), tally)));
        }
        EventSnapshot t = e.trigger();
        Map<String, String> mdc = new LinkedHashMap<>();
        t.mdc().forEach((k, v) -> mdc.put(k, redactor.redactValue(k, v, tally)));
        List<Map.Entry<String, String>> keyValues = new ArrayList<>();
        for (Map.Entry<String, String> kv : t.keyValues()) {
            keyValues.add(Map.entry(kv.getKey(), redactor.redactValue(kv.getKey(), kv.getValue(), tally)));
        }
        EventSnapshot trigger = new EventSnapshot(t.timeMillis(), t.level(), t.logger(), t.thread(),
                redactor.redact(t.message(), tally), redactor.redact(t.template(), tally), mdc, keyValues,
                redacted(t.throwable(), tally, 0), t.appFrame(), t.formatted() == null ? null : redacted(t.formatted(), tally));
        Map<String, Integer> counts = new LinkedHashMap<>(e.redacted());
        tally.counts().forEach((rule, n) -> counts.merge(rule.id(), n, Integer::sum));
        return new Example(trigger, before, redactor.redact(e.subject(), tally), headers, counts);
    }

    private Formatted redacted(Formatted f, Tally tally) {
        return new Formatted(redactor.redact(f.text(), tally), redactor.redactHtml(f.html(), tally));
    }

    private ThrowableSnapshot redacted(ThrowableSnapshot t, Tally tally, int depth) {
        if (t == null || depth >= io.github.mailback.internal.Throwables.MAX_CAUSE_DEPTH) {
            return null;
        }
        List<ThrowableSnapshot> suppressed = new ArrayList<>();
        for (ThrowableSnapshot s : t.suppressed()) {
            suppressed.add(redacted(s, tally, depth + 1));
        }
        return new ThrowableSnapshot(t.className(), redactor.redact(t.message(), tally), t.frames(), t.commonFrames(),
                redacted(t.cause(), tally, depth + 1), suppressed);
    }

    /** An email read back, its text redacted: the same bytes when it was redacted already. */
    private AlertEmail redacted(AlertEmail e) {
        Tally tally = redactor.newTally();
        List<Header> headers = new ArrayList<>();
        for (Header h : e.headers()) {
            headers.add(new Header(h.name(), redactor.redact(h.value(), tally)));
        }
        return new AlertEmail(e.route(), redactor.redact(e.subject(), tally), redactor.redact(e.text(), tally),
                redactor.redactHtml(e.html(), tally), e.events(), e.messageId(), e.inReplyTo(), e.references(),
                e.epochMillis(), headers);
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

    private long toWall(long nanos, long now) {
        return wall.getAsLong() - TimeUnit.NANOSECONDS.toMillis(now - nanos);
    }

    /** A wall-clock time on this JVM's clock; one in the future (the clock stepped back) is now. */
    private static long toNanos(long wallTime, long now, long wallNow) {
        return now - TimeUnit.MILLISECONDS.toNanos(Math.max(0, wallNow - wallTime));
    }


    /** An email as the spool keeps it; its recipients come from the current configuration, never from here. */
    static final class EmailRecord {
        private static final int FORMAT = 1;
        private static final int MAX_ITEMS = 1024;

        private EmailRecord() {
        }

        static byte[] write(AlertEmail e) {
            Bytes.Out out = new Bytes.Out().writeByte(FORMAT).writeString(e.subject()).writeString(e.text())
                    .writeString(e.html()).writeLong(e.events()).writeString(e.messageId()).writeString(e.inReplyTo())
                    .writeStrings(e.references()).writeLong(e.epochMillis()).writeInt(e.headers().size());
            for (Header h : e.headers()) {
                out.writeString(h.name()).writeString(h.value());
            }
            return out.toByteArray();
        }

        static AlertEmail read(byte[] bytes, Route route) throws Bytes.MalformedException {
            Bytes.In in = new Bytes.In(bytes);
            if (in.readByte() != FORMAT) {
                throw new Bytes.MalformedException("an email record of another format");
            }
            try {
                String subject = in.readRequired();
                String text = in.readRequired();
                String html = in.readString();
                long events = in.readLong();
                String messageId = io.github.mailback.mime.MessageIds.check(in.readRequired());
                String inReplyTo = in.readString();
                List<String> references = new ArrayList<>();
                for (String reference : in.readStrings(MAX_ITEMS)) {
                    references.add(io.github.mailback.mime.MessageIds.check(reference));
                }
                long epochMillis = in.readLong();
                int n = in.readCount(MAX_ITEMS);
                List<Header> headers = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    headers.add(new Header(in.readRequired(), ControlCharacters.oneLine(in.readRequired())));
                }
                in.end();
                if (events < 0) {
                    throw new Bytes.MalformedException("a negative count");
                }
                return new AlertEmail(route, subject, text, html, events, messageId,
                        inReplyTo == null ? null : io.github.mailback.mime.MessageIds.check(inReplyTo), references,
                        epochMillis, headers);
            } catch (IllegalArgumentException e) {
                throw new Bytes.MalformedException("an email record holds an impossible value: " + e.getMessage());
            }
        }
    }
}
