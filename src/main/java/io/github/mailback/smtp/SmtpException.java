package io.github.mailback.smtp;

import java.io.IOException;

/**
 * A failure to send: a refusing reply from the server, a protocol violation, a timeout, or a lost
 * connection. {@link #isTransient()} says whether trying again later may succeed.
 */
public class SmtpException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient SmtpReply reply;
    private final boolean transientFailure;

    /** A failure caused by a server reply; transient when the reply is 4xx. */
    public SmtpException(String message, SmtpReply reply) {
        this(message + ": " + reply, reply, reply.isTransientNegative(), null);
    }

    public SmtpException(String message, SmtpReply reply, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.reply = reply;
        this.transientFailure = transientFailure;
    }

    /** The server's reply that caused this failure, or null when there was none (I/O, timeout, protocol). */
    public SmtpReply reply() {
        return reply;
    }

    /** The reply code, or 0 when there was no reply. */
    public int code() {
        return reply == null ? 0 : reply.code();
    }

    /** True when the same message may be accepted if tried again later (4xx, timeouts, lost connections). */
    public boolean isTransient() {
        return transientFailure;
    }
}
