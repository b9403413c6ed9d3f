package io.github.mailback.smtp;

/**
 * The connection dropped, or timed out, after the final dot of DATA and before the server's reply:
 * the server may or may not have accepted the message. Sending again may deliver it twice.
 */
public final class SmtpOutcomeUnknownException extends SmtpException {
    private static final long serialVersionUID = 1L;

    public SmtpOutcomeUnknownException(String message, Throwable cause) {
        super(message, null, true, cause);
    }
}
