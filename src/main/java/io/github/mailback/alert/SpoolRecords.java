package io.github.mailback.alert;

import io.github.mailback.spool.Spool;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The records of the spool that this run knows of: their sizes, which ones hold redacted text, and
 * what becomes of one that cannot be read. The sender thread alone uses it, as it does the spool.
 */
final class SpoolRecords {
    /** The state's record: counts, schedule, rate budget, the run's mark, and the names of the others. */
    static final String STATE = "state";
    /** A group's example, each in a record of its own. */
    static final String EXAMPLE_PREFIX = "ex-";
    /** An email on its way. */
    static final String EMAIL_PREFIX = "mail-";
    /** What a record costs on disk besides its payload: the spool's header and checksum. */
    private static final int OVERHEAD = 14;

    private final Spool spool;
    /** What this run writes went through its redactor. */
    private final boolean redacting;
    private final StatusReporter status;
    private final AlertCounters counters;
    private final Map<String, Long> sizes = new HashMap<>();
    /** The records known to hold redacted text: a run with redaction on reads them as they are. */
    private final Set<String> redacted = new HashSet<>();

    SpoolRecords(Spool spool, boolean redacting, StatusReporter status, AlertCounters counters) {
        this.spool = spool;
        this.redacting = redacting;
        this.status = status;
        this.counters = counters;
    }

    void write(String name, int kind, byte[] payload) throws IOException {
        spool.write(name, kind, payload);
        sizes.put(name, (long) payload.length + OVERHEAD);
        if (redacting) {
            redacted.add(name);
        } else {
            redacted.remove(name);
        }
    }

    /** A record an earlier run wrote, or null when there is none; see {@link Spool#read}. */
    byte[] read(String name, int kind) throws IOException {
        return spool.read(name, kind);
    }

    /** A record an earlier run wrote, read back and kept as it is. */
    void known(String name, byte[] payload, boolean writtenRedacted) {
        sizes.put(name, (long) payload.length + OVERHEAD);
        if (writtenRedacted) {
            redacted.add(name);
        }
    }

    boolean has(String name) {
        return sizes.containsKey(name);
    }

    boolean redacted(String name) {
        return redacted.contains(name);
    }

    long size(String name) {
        return sizes.getOrDefault(name, 0L);
    }

    int count() {
        return sizes.size();
    }

    long bytes() {
        long total = 0;
        for (long size : sizes.values()) {
            total += size;
        }
        return total;
    }

    void clear() {
        sizes.clear();
    }

    /** Removes every record but the live ones and the one named {@code keep}. */
    void retain(Set<String> live, String keep) throws IOException {
        for (String name : new ArrayList<>(sizes.keySet())) {
            if (!name.equals(keep) && !live.contains(name)) {
                spool.delete(name);
                sizes.remove(name);
            }
        }
    }

    /** A file that cannot be read is moved aside, counted and reported, once. */
    void quarantine(String name, Exception why) {
        if (spool.quarantine(name)) {
            status.error("Spool: " + name + " could not be read (" + why.getMessage() + "); moved aside to "
                    + spool.directory().resolve("corrupt"));
            counters.spoolQuarantined.incrementAndGet();
        }
    }
}
