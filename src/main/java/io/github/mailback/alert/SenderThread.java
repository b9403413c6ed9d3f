package io.github.mailback.alert;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The one daemon thread that runs an {@link AlertEngine}. It sleeps until the engine's next
 * deadline, but never longer than {@code tick} while something is pending, because logging threads
 * do not wake it for every incident (see {@link Inbox}). {@link #stop(long)} asks for the final flush
 * and waits for it until the given deadline, no longer.
 */
public final class SenderThread {
    private final AlertEngine engine;
    private final Inbox inbox;
    private final StatusReporter status;
    private final long tickNanos;
    private final Thread thread;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private volatile long stopDeadline;

    public SenderThread(String name, AlertEngine engine, Inbox inbox, StatusReporter status, long tickNanos) {
        this.engine = engine;
        this.inbox = inbox;
        this.status = status;
        this.tickNanos = tickNanos;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        inbox.consumer(thread);
    }

    public void start() {
        thread.start();
    }

    public Thread thread() {
        return thread;
    }

    private void run() {
        try {
            while (!stopRequested) {
                long next;
                try {
                    next = engine.step();
                } catch (RuntimeException e) {
                    // A bug must not end the thread (incidents would pile up unseen): report, pause, go on.
                    status.error("The sender thread hit an unexpected error and carries on: " + e);
                    next = System.nanoTime() + tickNanos;
                }
                if (stopRequested) {
                    break;
                }
                boolean idle = !engine.hasPending();
                long wait = next == Long.MAX_VALUE ? Long.MAX_VALUE : next - System.nanoTime();
                if (!idle) {
                    wait = Math.min(wait, tickNanos);
                }
                if (wait > 0) {
                    inbox.await(wait, idle);
                }
                Thread.interrupted(); // an interrupt only means "look again"; stop() is the way to end
            }
            engine.flush(stopDeadline, SenderThread::pause);
        } catch (Throwable t) {
            status.error("The sender thread failed: " + t);
            if (t instanceof Error e && !(t instanceof StackOverflowError)) {
                throw e;
            }
        } finally {
            finished.countDown();
        }
    }

    private static boolean pause(long nanos) {
        LockSupport.parkNanos(nanos);
        return !Thread.currentThread().isInterrupted();
    }

    /**
     * Asks for the final flush and waits for it until {@code deadline} (nanoTime). Returns true when
     * the thread finished in time. Safe to call from several threads at once.
     */
    public boolean stop(long deadline) {
        if (!stopRequested) {
            stopDeadline = deadline;
            stopRequested = true;
        }
        inbox.wake();
        if (thread.getState() == Thread.State.NEW) {
            return true; // never started: nothing to flush
        }
        try {
            return finished.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits, until {@code deadline} (nanoTime), for the thread to finish without asking it to: for a
     * second caller of stop while the first one still lets logging threads finish their hand-over.
     */
    public boolean awaitFinished(long deadline) {
        if (thread.getState() == Thread.State.NEW) {
            return true;
        }
        try {
            return finished.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** True when the thread has ended. */
    public boolean isFinished() {
        return finished.getCount() == 0;
    }
}
