package io.github.mailback.alert;

import ch.qos.logback.classic.LoggerContext;
import io.github.mailback.internal.Bytes;
import io.github.mailback.redact.Redactor;
import io.github.mailback.report.Example;
import io.github.mailback.report.GroupReport;
import io.github.mailback.report.SnapshotCodec;
import io.github.mailback.report.Times;
import io.github.mailback.spool.Spool;
import io.github.mailback.spool.SpoolState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
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
 * instants. At the start, or when it takes a spool over, {@link Recovery} brings the state back.
 */
final class Persistence {
    /** The state is written at least this often while the run lives: its last sign of life. */
    static final long HEARTBEAT_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** A spool locked by another process is tried again this often, to take it over when it frees. */
    static final long LOCK_RETRY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Spool spool;
    /** How the unclean exit's report writes times, as the emails do. */
    private final Times times;
    /** A spool written without redaction is redacted when read with it; null when redactSecrets is false. */
    private final SpoolRedaction redaction;
    private final long maxBytes;
    private final boolean reportUncleanExit;
    private final LoggerContext context;
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
    /** The records this run knows of. */
    private final SpoolRecords records;
    private long sequence;

    Persistence(Spool spool, long maxBytes, boolean reportUncleanExit, LoggerContext context, String host,
            Times times, Redactor redactor, StatusReporter status, AlertCounters counters,
            LongSupplier clock, LongSupplier wall) {
        this.spool = spool;
        this.times = times;
        this.redaction = redactor == null ? null : new SpoolRedaction(redactor);
        this.records = new SpoolRecords(spool, redactor != null, status, counters);
        this.maxBytes = maxBytes;
        this.reportUncleanExit = reportUncleanExit;
        this.context = context;
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
        if (records.bytes() > maxBytes && trim()) {
            writeRecords();
        }
        counters.spoolBytes.set(records.bytes());
        counters.spoolEntries.set(records.count());
    }

    /** Writes the examples not yet written, the emails on their way, then the state; removes what is no longer used. */
    private void writeRecords() throws IOException {
        Set<String> live = new HashSet<>();
        for (Group g : digest.groups()) {
            if (g.example == null) {
                continue;
            }
            if (g.exampleFile == null) {
                g.exampleFile = SpoolRecords.EXAMPLE_PREFIX + run.id() + "-" + sequence++;
                records.write(g.exampleFile, Spool.EXAMPLE, SnapshotCodec.write(g.example));
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
                    records.redacted(file)));
        }
        long now = clock.getAsLong();
        for (Resends.Resend r : engine.resends().pending()) {
            String file = email(r.email, live);
            emails.add(new SpoolState.Email(file, send != null && send.resend == r, r.fingerprints, List.of(), 0, r.to,
                    r.uncertain, now - r.since, r.attempts, records.redacted(file)));
        }
        records.write(SpoolRecords.STATE, Spool.STATE, state(emails, now).write());
        records.retain(live, SpoolRecords.STATE);
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
        long over = records.bytes() - maxBytes;
        int dropped = 0;
        for (int pass = 0; pass < 3 && over > 0; pass++) {
            for (Group g : byAge) {
                if (over <= 0) {
                    break;
                }
                long size = records.size(g.exampleFile);
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
        StringBuilder name = new StringBuilder(SpoolRecords.EMAIL_PREFIX);
        for (int k = 0; k < id.length() && id.charAt(k) != '@' && name.length() < 64; k++) {
            char c = id.charAt(k);
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                name.append(c);
            }
        }
        String file = name.toString();
        if (!records.has(file)) {
            records.write(file, Spool.EMAIL, EmailRecord.write(email));
        }
        live.add(file);
        return file;
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
                    retry == null ? 0 : retry.attempts, records.redacted(g.exampleFile)));
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
            byte[] payload = spool.read(SpoolRecords.STATE, Spool.STATE);
            state = payload == null ? null : SpoolState.read(payload);
        } catch (Bytes.MalformedException e) {
            records.quarantine(SpoolRecords.STATE, e);
        }
        records.clear();
        if (state != null) {
            new Recovery(records, redaction, new Recovery.Engine(engine, digest, intake, examples), context, times, status,
                    counters).restore(state, lastSign, clock.getAsLong(), wall.getAsLong(), reportUncleanExit);
        }
        active = true;
        dirty = true;
        checkpoint(true); // this run's mark, so that its own death is known
        for (String name : spool.names()) {
            if (!records.has(name)) {
                if (name.startsWith(SpoolRecords.EXAMPLE_PREFIX) || name.startsWith(SpoolRecords.EMAIL_PREFIX)) {
                    spool.delete(name); // left by a crash between a state and its clean-up
                } else {
                    records.quarantine(name, new Bytes.MalformedException("not a record of this spool"));
                }
            }
        }
    }

    private long toWall(long nanos, long now) {
        return wall.getAsLong() - TimeUnit.NANOSECONDS.toMillis(now - nanos);
    }
}
