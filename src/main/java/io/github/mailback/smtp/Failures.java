package io.github.mailback.smtp;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.file.FileSystemException;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * The failure translation of a session: a refusing reply or a low-level I/O failure becomes an
 * {@link SmtpException} that says what was being done and whether trying again later may help.
 */
final class Failures {
    /** Causes looked at for a TLS failure: a cyclic chain must not loop. */
    private static final int MAX_CAUSES = 8;

    private Failures() {
    }

    /** The server refused {@code what}; a 421 also means that it is closing (RFC 5321 section 3.8). */
    static SmtpException refused(String what, SmtpReply reply) {
        String meaning = reply.code() == 421 ? " (the server is closing the connection)" : "";
        return new SmtpException(what + " refused" + meaning, reply);
    }

    /** Every RCPT was refused: transient only when every refusal was (4xx); the first reply is the cause. */
    static SmtpException allRecipientsRefused(Map<String, SmtpReply> refused) {
        StringBuilder sb = new StringBuilder("all recipients refused:");
        boolean allTransient = true;
        SmtpReply first = null;
        for (Map.Entry<String, SmtpReply> e : refused.entrySet()) {
            sb.append(' ').append(e.getKey()).append(" (").append(e.getValue()).append(')');
            allTransient &= e.getValue().isTransientNegative();
            first = first == null ? e.getValue() : first;
        }
        return new SmtpException(sb.toString(), first, allTransient, null);
    }

    /** The connection failed between the end of the content and the reply to the final dot. */
    static SmtpOutcomeUnknownException outcomeUnknown(String host, IOException cause) {
        return new SmtpOutcomeUnknownException("connection to " + host
                + " lost after the end of the message: it may or may not have been accepted", cause);
    }

    /**
     * Turns a low-level failure while {@code doing} into an {@link SmtpException} saying what
     * happened; an {@link SmtpException} is returned as it is.
     */
    static SmtpException translate(IOException e, boolean deadlinePassed, String doing) {
        if (e instanceof SmtpException se) {
            return se;
        }
        if (e instanceof FileSystemException) {
            // The content's file failed, not the connection; the message was cut before its end, so it is dropped.
            return new SmtpException("reading the message failed while " + doing + ": " + e.getMessage(), null, true, e);
        }
        if (deadlinePassed) {
            return new SmtpException("deadline passed while " + doing, null, true, e);
        }
        if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
            return new SmtpException("timed out waiting for the server while " + doing, null, true, e);
        }
        if (e instanceof SSLException ssl) {
            // A certificate that does not verify will not start verifying by itself, nor will a protocol
            // or cipher that the two ends do not share; but a server that hangs up mid-handshake (it
            // restarts, or sheds load) shows as an SSLException caused by a plain I/O failure, and may
            // well finish the next handshake.
            boolean cut = cutConnection(ssl);
            return new SmtpException("TLS failed while " + doing + ": " + e.getMessage()
                    + (cut ? " (the server closed the connection)" : ""), null, cut, e);
        }
        return new SmtpException("connection failed while " + doing + ": " + e, null, true, e);
    }

    /** True when the TLS failure's causes hold a plain I/O failure: EOF, a reset or closed socket. */
    private static boolean cutConnection(SSLException e) {
        Throwable t = e.getCause();
        for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
            if (t instanceof IOException && !(t instanceof SSLException)) {
                return true;
            }
        }
        return false;
    }
}
