package io.github.mailback.alert;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The one daemon thread that runs an {@link AlertEngine}. It sleeps until the engine's next
 * deadline, but never longer than {@code tick} while something is pending, because logging threads
 * do not wake it for every incident (see {@link Inbox}). {@link #stop(long)} asks for the final flush
 * and waits for it until the given deadline, no longer.
 */
final class SenderThread {
    private final AlertEngine engine;
    private final Inbox inbox;
    private final StatusReporter status;
    private final long tickNanos;
    private final Thread thread;
    /** The spool's keeper, or null. */
    private final Persistence persistence;
    /** Longest a {@link #hurry} caller sleeps between two looks, should a wake-up be missed. */
    private static final long HURRY_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile long stopDeadline;
    private volatile boolean hurryRequested;
    /** A thread in {@link #hurry} waiting for the sends; woken after every step. */
    private volatile Thread hurryWaiter;
    /** What ended the thread before its time, or null. */
    private volatile Throwable failure;
    /** Run once when SLF4J has finished its initialization, or null; set before {@link #start}. */
    private Runnable whenLoggingReady;
    /** verifyOnStart's check, or null; set before {@link #start}. */
    private StartCheck check;

    public SenderThread(String name, AlertEngine engine, Inbox inbox, StatusReporter status, long tickNanos,
            Persistence persistence) {
        this.engine = engine;
        this.persistence = persistence;
        this.inbox = inbox;
        this.status = status;
        this.tickNanos = tickNanos;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        inbox.consumer(thread);
    }

    /**
     * Runs {@code task} on this thread at the first step after SLF4J has finished initializing, and so
     * after the configuration that started the appender. Registering Micrometer meters makes Micrometer
     * log through SLF4J: during SLF4J's initialization that call is held and replayed, with a warning
     * printed first thing in the application's output.
     */
    void whenLoggingReady(Runnable task) {
        this.whenLoggingReady = task;
    }

    /** Runs {@code check} first: nothing is sent before it ends, unless a stop or the JVM's exit comes first. */
    void checkFirst(StartCheck check) {
        this.check = check;
    }

    public void start() {
        thread.start();
    }

    public Thread thread() {
        return thread;
    }

    private void run() {
        try {
            if (persistence != null) {
                persistence.open(); // before any incident is taken: what the last run left comes first
            }
            if (check != null && !stopRequested) {
                check.start();
                while (!check.done() && !stopRequested && !hurryRequested) {
                    LockSupport.parkNanos(this, tickNanos); // woken when the check ends, and by stop and hurry
                    Thread.interrupted(); // else park would return at once, again and again
                }
            }
            while (!stopRequested) {
                long next;
                try {
                    if (whenLoggingReady != null && !slf4jInitializing()) {
                        Runnable task = whenLoggingReady;
                        whenLoggingReady = null;
                        task.run();
                    }
                    if (hurryRequested) {
                        engine.hurry();
                    }
                    next = engine.step();
                } catch (Throwable e) {
                    // A bug must not end the thread (incidents would pile up unseen): report, pause, go on.
                    Verdict.rethrowIfFatal(e);
                    status.error("The sender thread hit an unexpected error and carries on: " + e, e);
                    next = System.nanoTime() + tickNanos;
                }
                Thread waiter = hurryWaiter;
                if (waiter != null) {
                    LockSupport.unpark(waiter);
                }
                if (stopRequested) {
                    break;
                }
                boolean idle = !engine.hasPending();
                long wait = next == Long.MAX_VALUE ? Long.MAX_VALUE : next - System.nanoTime();
                if (!idle) {
                    wait = Math.min(wait, tickNanos);
                } else if (persistence != null) {
                    wait = Math.min(wait, Persistence.HEARTBEAT_NANOS); // its sign of life
                }
                if (wait > 0) {
                    inbox.await(wait, idle);
                }
                Thread.interrupted(); // an interrupt only means "look again"; stop() is the way to end
            }
            engine.flush(stopDeadline, SenderThread::pause);
        } catch (Throwable t) {
            // Only an error of the JVM itself gets here (see Verdict.rethrowIfFatal): nothing more can be
            // sent, so what was pending is counted as lost now, and stop() says what came after.
            failure = t;
            long lost = engine.abandon();
            status.error("The sender thread ended on " + t + ": " + lost + " pending error event(s) are lost, and "
                    + "later ones are counted but not mailed", t);
            if (t instanceof Error e) {
                throw e;
            }
        } finally {
            finished.countDown();
        }
    }

    /** True while SLF4J initializes: it answers with the substitute factory of its initialization. */
    static boolean slf4jInitializing() {
        return org.slf4j.LoggerFactory.getILoggerFactory() instanceof org.slf4j.helpers.SubstituteLoggerFactory;
    }

    private static boolean pause(long nanos) {
        LockSupport.parkNanos(nanos);
        return !Thread.currentThread().isInterrupted();
    }

    /**
     * Asks for the final flush and waits for it until {@code deadline} (nanoTime). Returns true when
     * the thread finished in time. Safe to call from several threads at once, and from an interrupted
     * one: Logback's AsyncAppender interrupts its worker before the worker stops this appender, and
     * returning early there would lose the final email. The interrupt flag is kept for the caller.
     */
    public boolean stop(long deadline) {
        if (!stopRequested) {
            stopDeadline = deadline;
            stopRequested = true;
        }
        inbox.wake();
        return awaitFinished(deadline);
    }

    /**
     * Waits, until {@code deadline} (nanoTime), for the thread to finish without asking it to: for a
     * second caller of stop while the first one still lets logging threads finish their hand-over.
     * Like {@link #stop}, an interrupt does not cut the wait short; the flag is restored.
     */
    public boolean awaitFinished(long deadline) {
        if (thread.getState() == Thread.State.NEW) {
            return true; // never started: nothing to flush
        }
        boolean interrupted = false;
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                try {
                    return finished.await(Math.max(0, left), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Switches the engine to sending at once (see {@link AlertEngine#hurry}) and waits until
     * {@code settled} holds, the thread finishes, or {@code deadline} (nanoTime) passes. Returns
     * whether it settled or finished. For the JVM shutdown hook: the appender keeps running, so that
     * errors logged by other hooks are still taken, and whoever stops it later does the final flush.
     */
    public boolean hurry(long deadline, BooleanSupplier settled) {
        hurryWaiter = Thread.currentThread();
        hurryRequested = true;
        inbox.wake();
        boolean interrupted = false;
        try {
            while (!settled.getAsBoolean() && !isFinished()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                // Woken after each step; the cap only guards against a missed wake-up.
                LockSupport.parkNanos(this, Math.min(left, HURRY_POLL_NANOS));
                interrupted |= Thread.interrupted(); // else park would return at once, again and again
            }
            return true;
        } finally {
            hurryWaiter = null;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The error of the JVM that ended the thread before a stop asked it to, or null. */
    Throwable failure() {
        return failure;
    }

    /** True when the thread has ended. */
    public boolean isFinished() {
        return finished.getCount() == 0;
    }
}
