package io.github.mailback.spool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/** For crash tests in a child JVM: stops the spool's writer at a point, for the test to kill the process there. */
public final class SpoolHooks {
    private SpoolHooks() {
    }

    /**
     * At {@code point} ("written": a record's temporary file is complete, not renamed; "renamed") of a
     * record whose name starts with {@code prefix}, once {@code arm} exists (or at once when null): prints
     * {@code KILLPOINT <point> <name>} and parks the writing thread for good.
     */
    public static void parkAt(String point, String prefix, Path arm) {
        Spool.hook = (p, name) -> {
            if (p.equals(point) && name.startsWith(prefix) && (arm == null || Files.exists(arm))) {
                System.out.println("KILLPOINT " + p + " " + name);
                System.out.flush();
                while (true) {
                    LockSupport.park();
                }
            }
        };
    }
}
