package io.github.mailback.alert;

import java.util.concurrent.locks.LockSupport;

/**
 * The {@link Mailer} of a running appender: one daemon thread that takes one send at a time, and wakes
 * the sender when it is done. It waits without a limit while there is nothing to send, and ends at
 * {@link #close}.
 */
final class MailerThread implements Mailer {
    private final Transport transport;
    private final Runnable wakeSender;
    private final Thread thread;
    private volatile Send next;
    private volatile boolean closed;
    /** The thread waiting in {@link #await}, woken when a send is done. */
    private volatile Thread waiter;

    MailerThread(String name, Transport transport, Runnable wakeSender) {
        this.transport = transport;
        this.wakeSender = wakeSender;
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void submit(Send send) {
        next = send;
        LockSupport.unpark(thread);
    }

    @Override
    public boolean await(Send send, long deadline) {
        waiter = Thread.currentThread();
        try {
            return Mailer.park(send, deadline, this);
        } finally {
            waiter = null;
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }

    private void loop() {
        while (!closed) {
            Send send = next;
            if (send == null) {
                LockSupport.park(this);
                continue;
            }
            next = null;
            run(transport, send);
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
            wakeSender.run();
        }
    }

    /** Sends, and records how it went, whatever it throws: the sender decides what a failure means. */
    static void run(Transport transport, Send send) {
        try {
            send.done(transport.send(send.email, send.only, send.budget), null);
        } catch (Throwable t) {
            send.done(null, t);
        }
    }
}
