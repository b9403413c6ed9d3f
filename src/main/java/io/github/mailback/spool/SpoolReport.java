package io.github.mailback.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** What {@code --check-config} shows of a spool, read without touching it. */
public final class SpoolReport {
    private SpoolReport() {
    }

    /**
     * What {@code --check-config} says of an appender's spool, reading only: no directory created, no lock
     * taken, nothing moved or written. One line, or two when the last run ended without a clean stop.
     */
    public static List<String> describe(Path root, String context, String appender) {
        Path dir = Spool.directory(root, context, appender);
        if (!Files.isDirectory(dir)) {
            Path existing = root;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            boolean creatable = existing != null && Files.isDirectory(existing) && Files.isWritable(existing);
            return List.of("spool " + dir + ": " + (creatable ? "created at the first start" : "cannot be created: "
                    + (existing == null ? "no such place" : existing + " is not a writable directory")));
        }
        Spool spool = new Spool(dir, false);
        String writable = Files.isWritable(dir) ? "writable" : "NOT WRITABLE";
        try {
            List<String> names = spool.names();
            byte[] payload = spool.read("state", Spool.STATE);
            if (payload == null) {
                return List.of("spool " + dir + ": " + writable + ", empty");
            }
            SpoolState state = SpoolState.read(payload);
            long pending = state.unkept();
            int groups = 0;
            for (SpoolState.Group g : state.groups()) {
                if (!g.uncleanExits() && g.pending() > 0) {
                    pending += g.pending();
                    groups++;
                }
            }
            String line = "spool " + dir + ": " + writable + ", " + names.size() + " record(s), " + spool.bytes()
                    + " bytes; " + pending + " error event(s) pending in " + groups + " group(s), "
                    + state.emails().size() + " email(s) to send again";
            SpoolState.Run run = state.run();
            String last = "last run: process " + run.pid() + " on " + run.host() + ", started "
                    + Instant.ofEpochMilli(run.startedAt()) + ", "
                    + (run.clean() ? "stopped cleanly" : "running now, or ended without a clean stop (last seen alive "
                            + Instant.ofEpochMilli(Math.max(run.heartbeatAt(), spool.touched())) + ")");
            return List.of(line, last);
        } catch (IOException e) {
            return List.of("spool " + dir + ": " + writable + ", its state cannot be read (" + e.getMessage()
                    + "): the next start moves it aside");
        }
    }
}
