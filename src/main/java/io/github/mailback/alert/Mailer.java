package io.github.mailback.alert;

import java.util.concurrent.locks.LockSupport;

/**
 * Where emails go out, one at a time, so that the sender's thread never waits on the network: while
 * the server takes its time (30 s for a greeting, say), the sender keeps taking in what the
 * application logs. The sender submits a {@link Send}, goes on, and finishes it once it is done.
 */
interface Mailer {
    /** Starts {@code send}; none is in flight. */
    void submit(Send send);

    /**
     * Waits until {@code send} is done or {@code deadline} (nanoTime) passes; true when done. An
     * interrupt does not end the wait early; the flag is kept.
     */
    boolean await(Send send, long deadline);

    /** Ends the mailer's thread, if it has one, once its send is done. */
    void close();

    /** Sends on the caller's thread: each send is done when {@code submit} returns (tests drive it so). */
    static Mailer direct(Transport transport) {
        return new Mailer() {
            @Override
            public void submit(Send send) {
                MailerThread.run(transport, send);
            }

            @Override
            public boolean await(Send send, long deadline) {
                return send.isDone();
            }

            @Override
            public void close() {
            }
        };
    }

    /** Parks until {@code done} or {@code deadline}; see {@link #await}. */
    static boolean park(Send send, long deadline, Object blocker) {
        boolean interrupted = false;
        try {
            while (!send.isDone()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                LockSupport.parkNanos(blocker, left);
                interrupted |= Thread.interrupted();
            }
            return true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
