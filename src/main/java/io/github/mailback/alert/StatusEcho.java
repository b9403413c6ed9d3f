package io.github.mailback.alert;

import ch.qos.logback.core.Context;
import ch.qos.logback.core.status.Status;
import java.io.PrintStream;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Prints an appender's own warnings and errors on standard error when nobody else would: a failed
 * send, or a check at start that fails after the configuration, is otherwise seen by nobody in an
 * application with plain Logback and no {@code <statusListener>}. It stays quiet while the context has
 * any status listener (Spring Boot registers its own), and while SLF4J initializes: then Logback prints
 * the warnings of its configuration itself. At most {@link #PER_MINUTE} a minute;
 * what is held back is counted in the next line printed.
 */
public final class StatusEcho {
    static final int PER_MINUTE = 10;

    private final Context context;
    private final PrintStream out;
    private final LongSupplier clock;
    private long windowStart;
    private int inWindow;
    private long held;

    public StatusEcho(Context context) {
        this(context, System.err, System::nanoTime);
    }

    StatusEcho(Context context, PrintStream out, LongSupplier clock) {
        this.context = context;
        this.out = out;
        this.clock = clock;
        this.windowStart = clock.getAsLong();
    }

    /** Prints {@code status} when it is a warning or an error that nobody else shows. */
    public synchronized void status(Status status) {
        if (status.getLevel() < Status.WARN || !context.getStatusManager().getCopyOfStatusListenerList().isEmpty()
                || SenderThread.slf4jInitializing()) {
            return;
        }
        long now = clock.getAsLong();
        if (now - windowStart >= TimeUnit.MINUTES.toNanos(1)) {
            windowStart = now;
            inWindow = 0;
        }
        if (inWindow >= PER_MINUTE) {
            held++;
            return;
        }
        inWindow++;
        String time = new SimpleDateFormat("HH:mm:ss,SSS").format(new Date(status.getTimestamp()));
        String line = time + " |-" + (status.getLevel() == Status.ERROR ? "ERROR" : "WARN") + " in mailback - "
                + status.getMessage();
        if (held > 0) {
            line += " (" + held + " more held back before this one)";
            held = 0;
        }
        out.println(line);
        if (status.getThrowable() != null) {
            out.println("\t" + status.getThrowable());
        }
    }
}
