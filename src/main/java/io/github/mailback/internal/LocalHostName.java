package io.github.mailback.internal;

import java.net.InetAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * This host's name, looked up once for the whole JVM, in the background: the EHLO name, the default
 * {@code from} address and the right-hand side of Message-IDs all need it, and a lookup can take
 * seconds where DNS is slow (a container whose resolver times out). Whoever needs the name waits for it
 * a bounded time, and takes a fallback when it is late; a later call gets the name once it is known.
 *
 * <p>The lookup runs on a daemon thread of its own, which ends when the lookup does (the operating
 * system's resolver bounds it); it holds no application class loader as its context loader.
 */
public final class LocalHostName {
    /** The JVM's one lookup. */
    private static final LocalHostName SHARED = new LocalHostName(InetAddress::getLocalHost);

    /** A host name and its fully qualified form, as the lookup found them. */
    public record Names(String hostName, String canonicalName) {
    }

    private final Callable<InetAddress> lookup;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Names names;
    private boolean started;

    /** A lookup through {@code lookup}; tests give a slow one. */
    LocalHostName(Callable<InetAddress> lookup) {
        this.lookup = lookup;
    }

    /** The JVM's shared lookup. */
    public static LocalHostName shared() {
        return SHARED;
    }

    /** Starts the lookup, once; returns at once. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        Thread t = new Thread(this::lookUp, "mailback-hostname");
        t.setDaemon(true);
        t.setContextClassLoader(null);
        t.start();
    }

    private void lookUp() {
        try {
            InetAddress local = lookup.call();
            // The canonical name asks DNS again (a reverse lookup): both happen here, off every budget.
            names = new Names(local.getHostName(), local.getCanonicalHostName());
        } catch (Exception | LinkageError e) {
            names = null; // no name: every caller takes its fallback
        } finally {
            done.countDown();
        }
    }

    /**
     * The names, waiting at most {@code waitMillis} for the lookup (started if it was not); null when
     * it is late or found nothing.
     */
    public Names get(long waitMillis) {
        start();
        try {
            if (!done.await(Math.max(0, waitMillis), TimeUnit.MILLISECONDS)) {
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        return names;
    }
}
