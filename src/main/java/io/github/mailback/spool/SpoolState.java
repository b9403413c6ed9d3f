package io.github.mailback.spool;

import io.github.mailback.internal.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * What an appender's sender holds, as the spool keeps it: plain data, times as wall-clock instants
 * (epoch milliseconds: nanoTime does not survive a restart), recipients never (they are worked out
 * again from the current configuration), examples and emails by the name of their own record.
 *
 * @param run the run that wrote it
 * @param bucketTokens the rate limit's tokens left, and when the one being earned began
 * @param holdUntil no send before this (a refused OAuth token), or 0
 * @param unkept events counted in no group, and since when
 * @param groups the digest's groups
 * @param emails the emails on their way: being sent, or to send again
 */
public record SpoolState(Run run, long bucketTokens, long bucketRefilledAt, long holdUntil, long unkept,
        long unkeptSince, List<Group> groups, List<Email> emails) {

    /** The format of the state record's payload. */
    static final int FORMAT = 1;
    private static final int MAX_ITEMS = 1 << 20;

    public SpoolState {
        groups = List.copyOf(groups);
        emails = List.copyOf(emails);
    }

    /**
     * A run of the service that held the spool: where, since when, its last sign of life, and whether it
     * stopped cleanly (else it died, once its lock is free).
     */
    public record Run(String id, String host, long pid, long startedAt, long heartbeatAt, boolean clean) {
    }

    /**
     * One group of the digest. {@code example} names its example's record. {@code runs}: how many runs
     * of the service logged it. {@code uncleanExits}: the group of runs that ended without a clean stop.
     * {@code retryRunning}: how long its route has been retried, JVM time only. {@code exampleRedacted}: the
     * example's record was written with redaction on (a run with it on reads it as it is).
     */
    public record Group(String fingerprint, String example, long exampleAt, long total, long pending, long firstSeen,
            long lastSeen, long pendingFirst, long pendingSince, long lastEventAt, int mails, int level,
            boolean restarted, long lastMailedAt, long lastMailedCount, String threadId, int runs, boolean uncleanExits,
            long retryRunning, int retryAttempts, boolean exampleRedacted) {
    }

    /**
     * An email on its way, in the record {@code file}: {@code counts} the events of each group
     * ({@code fingerprints}, in order) that it reports, and {@code unkept}. {@code to}, for a resend to the
     * recipients who refused it for now, is who may still get it: it is checked against the current
     * recipients. {@code uncertain}: its events whose arrival is unknown (it is sent again after a
     * connection broke at its end); {@code inFlight}: it was being sent when the state was written;
     * {@code retryRunning}: how long it has been sent again, JVM time only, as for a group's retries;
     * {@code redacted}: its record was written with redaction on.
     */
    public record Email(String file, boolean inFlight, List<String> fingerprints, List<Long> counts, long unkept,
            List<String> to, long uncertain, long retryRunning, int attempts, boolean redacted) {
        public Email {
            fingerprints = List.copyOf(fingerprints);
            counts = List.copyOf(counts);
            to = List.copyOf(to);
        }
    }

    public byte[] write() {
        Bytes.Out out = new Bytes.Out().writeByte(FORMAT);
        out.writeString(run.id()).writeString(run.host()).writeLong(run.pid()).writeLong(run.startedAt())
                .writeLong(run.heartbeatAt()).writeBoolean(run.clean());
        out.writeLong(bucketTokens).writeLong(bucketRefilledAt).writeLong(holdUntil).writeLong(unkept)
                .writeLong(unkeptSince).writeInt(groups.size());
        for (Group g : groups) {
            out.writeString(g.fingerprint()).writeString(g.example()).writeLong(g.exampleAt()).writeLong(g.total())
                    .writeLong(g.pending()).writeLong(g.firstSeen()).writeLong(g.lastSeen()).writeLong(g.pendingFirst())
                    .writeLong(g.pendingSince()).writeLong(g.lastEventAt()).writeInt(g.mails()).writeInt(g.level())
                    .writeBoolean(g.restarted()).writeLong(g.lastMailedAt()).writeLong(g.lastMailedCount())
                    .writeString(g.threadId()).writeInt(g.runs()).writeBoolean(g.uncleanExits())
                    .writeLong(g.retryRunning()).writeInt(g.retryAttempts()).writeBoolean(g.exampleRedacted());
        }
        out.writeInt(emails.size());
        for (Email e : emails) {
            out.writeString(e.file()).writeBoolean(e.inFlight()).writeStrings(e.fingerprints()).writeInt(e.counts().size());
            for (long c : e.counts()) {
                out.writeLong(c);
            }
            out.writeLong(e.unkept()).writeStrings(e.to()).writeLong(e.uncertain()).writeLong(e.retryRunning())
                    .writeInt(e.attempts()).writeBoolean(e.redacted());
        }
        return out.toByteArray();
    }

    /** The state these bytes hold; a count or a time that cannot be is refused as malformed. */
    public static SpoolState read(byte[] bytes) throws Bytes.MalformedException {
        Bytes.In in = new Bytes.In(bytes);
        int format = in.readByte();
        if (format != FORMAT) {
            throw new Bytes.MalformedException("state format " + format + ", this release reads " + FORMAT);
        }
        Run run = new Run(in.readRequired(), in.readString(), in.readLong(), in.readLong(), in.readLong(),
                in.readBoolean());
        long tokens = natural(in.readLong());
        long refilled = in.readLong();
        long hold = in.readLong();
        long unkept = natural(in.readLong());
        long unkeptSince = in.readLong();
        int n = in.readCount(MAX_ITEMS);
        List<Group> groups = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            groups.add(new Group(in.readRequired(), in.readRequired(), in.readLong(), natural(in.readLong()),
                    natural(in.readLong()), in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                    natural(in.readInt()), natural(in.readInt()), in.readBoolean(), in.readLong(), natural(in.readLong()),
                    in.readString(), natural(in.readInt()), in.readBoolean(), natural(in.readLong()),
                    natural(in.readInt()), in.readBoolean()));
        }
        int m = in.readCount(MAX_ITEMS);
        List<Email> emails = new ArrayList<>(Math.min(m, 1024));
        for (int i = 0; i < m; i++) {
            String file = in.readRequired();
            boolean inFlight = in.readBoolean();
            List<String> fingerprints = in.readStrings(MAX_ITEMS);
            int c = in.readCount(MAX_ITEMS);
            if (c != 0 && c != fingerprints.size()) { // a resend has none: its counts are known already
                throw new Bytes.MalformedException("an email with " + fingerprints.size() + " groups and " + c
                        + " counts");
            }
            List<Long> counts = new ArrayList<>(c);
            for (int k = 0; k < c; k++) {
                counts.add(natural(in.readLong()));
            }
            emails.add(new Email(file, inFlight, fingerprints, counts, natural(in.readLong()), in.readStrings(MAX_ITEMS),
                    natural(in.readLong()), in.readLong(), natural(in.readInt()), in.readBoolean()));
        }
        in.end();
        return new SpoolState(run, tokens, refilled, hold, unkept, unkeptSince, groups, emails);
    }

    private static long natural(long n) throws Bytes.MalformedException {
        if (n < 0) {
            throw new Bytes.MalformedException("a negative count: " + n);
        }
        return n;
    }

    private static int natural(int n) throws Bytes.MalformedException {
        if (n < 0) {
            throw new Bytes.MalformedException("a negative count: " + n);
        }
        return n;
    }
}
