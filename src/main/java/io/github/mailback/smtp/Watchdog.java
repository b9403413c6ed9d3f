package io.github.mailback.smtp;

import java.io.IOException;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Closes a connection's socket when an operation outlives its deadline. Read timeouts alone cannot
 * bound an operation: a server can trickle one byte per timeout, or stop reading so that a write
 * blocks forever (socket writes have no timeout). Closing the socket unblocks both.
 *
 * <p>Arming and disarming only write a volatile field: no timer task per operation, because waking a
 * timer thread twice per message cost a fifth of a pipelined send. One daemon thread checks the armed
 * watchdogs every {@link #TICK_MILLIS}; when none has been registered for {@link #IDLE_MILLIS} it ends,
 * and the next connection starts another, so that nothing of mailback stays running (and holds a web
 * application's class loader) once no connection is open.
 */
final class Watchdog {
    /** How late a deadline may fire; deadlines are seconds, so this is noise. */
    static final long TICK_MILLIS = 25;
    private static final long DISARMED = Long.MIN_VALUE;

    /** How long the checker waits without a connection before it ends: connections in a row share it. */
    static final long IDLE_MILLIS = 1_000;

    private static final Set<Watchdog> REGISTERED = ConcurrentHashMap.newKeySet();
    /** The running checker, or null. */
    private static final AtomicReference<Thread> CHECKER = new AtomicReference<>();

    private final Socket socket;
    private volatile long deadline = DISARMED;
    private volatile boolean fired;

    /** Watches {@code socket} until {@link #release()}. */
    Watchdog(Socket socket) {
        this.socket = socket;
        REGISTERED.add(this);
        // After the add: a checker that ends looks at the set again once it has cleared CHECKER.
        Thread checker = CHECKER.get();
        if (checker == null) {
            startChecker();
        } else {
            LockSupport.unpark(checker); // it may be waiting out its idle time: once per connection, not per message
        }
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

    private static void startChecker() {
        Thread t = new Thread(Watchdog::checkUntilIdle, "mailback-smtp-watchdog");
        t.setDaemon(true);
        t.setContextClassLoader(null);
        if (CHECKER.compareAndSet(null, t)) {
            t.start();
        } else {
            Thread other = CHECKER.get();
            if (other != null) {
                LockSupport.unpark(other);
            }
        }
    }

    private static void checkUntilIdle() {
        Thread self = Thread.currentThread();
        while (true) {
            if (REGISTERED.isEmpty()) {
                LockSupport.parkNanos(Watchdog.class, TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS));
                if (REGISTERED.isEmpty()) {
                    // End, unless a watchdog registered meanwhile: it either sees CHECKER null and starts
                    // another checker, or was added before this look, and this one carries on.
                    CHECKER.compareAndSet(self, null);
                    if (REGISTERED.isEmpty() || !CHECKER.compareAndSet(null, self)) {
                        return;
                    }
                }
                continue;
            }
            LockSupport.parkNanos(Watchdog.class, TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
            long now = System.nanoTime();
            for (Watchdog w : REGISTERED) {
                w.check(now);
            }
        }
    }
}
