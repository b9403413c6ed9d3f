package io.github.mailback.bench;

import ch.qos.logback.core.Context;
import ch.qos.logback.core.status.Status;

/** Prints the errors an appender reported to Logback's status manager during a trial. */
final class Statuses {
    private Statuses() {
    }

    /** An appender that fails inside doAppend only reports it here: a benchmark must not hide that. */
    static void printErrors(String who, Context context) {
        long errors = 0;
        Status first = null;
        for (Status s : context.getStatusManager().getCopyOfStatusList()) {
            if (s.getLevel() == Status.ERROR) {
                errors++;
                first = first == null ? s : first;
            }
        }
        if (errors > 0) {
            System.out.println(who + ": " + errors + " error statuses, the first: " + first);
        }
    }
}
