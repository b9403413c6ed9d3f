package io.github.mailback.smtp;

import java.io.IOException;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Closes a connection's socket when an operation outlives its deadline. Read timeouts alone cannot
 * bound an operation: a server can trickle one byte per timeout, or stop reading so that a write
 * blocks forever (socket writes have no timeout). Closing the socket unblocks both.
 *
 * <p>Arming and disarming only write a volatile field: no timer task per operation, because waking a
 * timer thread twice per message cost a fifth of a pipelined send. One daemon thread checks the armed
 * watchdogs every {@link #TICK_MILLIS} and parks without a limit while none is registered.
 */
final class Watchdog {
    /** How late a deadline may fire; deadlines are seconds, so this is noise. */
    static final long TICK_MILLIS = 25;
    private static final long DISARMED = Long.MIN_VALUE;

    private static final Set<Watchdog> REGISTERED = ConcurrentHashMap.newKeySet();
    private static final Thread CHECKER = startChecker();

    private final Socket socket;
    private volatile long deadline = DISARMED;
    private volatile boolean fired;

    /** Watches {@code socket} until {@link #release()}. */
    Watchdog(Socket socket) {
        this.socket = socket;
        REGISTERED.add(this);
        LockSupport.unpark(CHECKER); // it may be parked without a limit: once per connection, not per message
    }

    /** The socket is closed {@code millis} from now unless {@link #disarm()} comes first. */
    void arm(long millis) {
        deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    /** Nanoseconds left before the deadline (negative when passed), or {@link Long#MAX_VALUE} when disarmed. */
    long remainingNanos() {
        long d = deadline;
        return d == DISARMED ? Long.MAX_VALUE : d - System.nanoTime();
    }

    void disarm() {
        deadline = DISARMED;
    }

    /** Stops watching; the connection is closed. */
    void release() {
        deadline = DISARMED;
        REGISTERED.remove(this);
    }

    /** True when the deadline passed and the socket was closed for it. */
    boolean fired() {
        return fired;
    }

    private void check(long now) {
        long d = deadline;
        if (d != DISARMED && now - d >= 0) {
            fired = true;
            release();
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing is all we can do; the blocked caller sees the failure.
            }
        }
    }

    private static Thread startChecker() {
        Thread t = new Thread(() -> {
            while (true) {
                if (REGISTERED.isEmpty()) {
                    LockSupport.park(Watchdog.class);
                } else {
                    LockSupport.parkNanos(Watchdog.class, TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
                }
                long now = System.nanoTime();
                for (Watchdog w : REGISTERED) {
                    w.check(now);
                }
            }
        }, "mailback-smtp-watchdog");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
