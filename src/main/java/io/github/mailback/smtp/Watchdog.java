package io.github.mailback.smtp;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Closes a socket when an operation outlives its deadline. Read timeouts alone cannot bound an
 * operation: a server can trickle one byte per timeout, or stop reading so that a write blocks forever
 * (socket writes have no timeout). Closing the socket unblocks both.
 */
final class Watchdog {
    private static final ScheduledThreadPoolExecutor TIMER = newTimer();

    private final Socket socket;
    private volatile boolean fired;
    private ScheduledFuture<?> pending;

    Watchdog(Socket socket) {
        this.socket = socket;
    }

    /** Starts watching: the socket is closed after {@code millis} unless {@link #disarm()} comes first. */
    void arm(long millis) {
        disarm();
        pending = TIMER.schedule(this::fire, millis, TimeUnit.MILLISECONDS);
    }

    void disarm() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    /** True when the deadline passed and the socket was closed for it. */
    boolean fired() {
        return fired;
    }

    private void fire() {
        fired = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing is all we can do; the blocked caller sees the failure.
        }
    }

    private static ScheduledThreadPoolExecutor newTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mailback-smtp-watchdog");
            t.setDaemon(true);
            return t;
        });
        // Most deadlines are cancelled long before they fire; don't keep them queued until then.
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
