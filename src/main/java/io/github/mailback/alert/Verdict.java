package io.github.mailback.alert;

import io.github.mailback.smtp.SmtpException;
import io.github.mailback.smtp.SmtpOutcomeUnknownException;
import java.io.IOException;

/**
 * What a failed send means for its email: one rule for the first attempt, the resend to greylisted
 * recipients and the final flush alike.
 */
enum Verdict {
    /** The connection broke after the final dot: the server may have the email already. */
    UNKNOWN,
    /** Trying again later may work: a 4xx reply, a timeout, a lost connection. */
    TRANSIENT,
    /** Trying again will not help: a 5xx reply, a refused token grant, a bug. */
    PERMANENT;

    static Verdict of(Throwable failure) {
        if (failure instanceof SmtpOutcomeUnknownException) {
            return UNKNOWN;
        }
        if (failure instanceof SmtpException e) {
            return e.isTransient() ? TRANSIENT : PERMANENT;
        }
        return failure instanceof IOException ? TRANSIENT : PERMANENT;
    }

    /**
     * True for a refused OAuth 2.0 token: the client's 535 to XOAUTH2 with a fresh token, the only 535
     * that is transient (a wrong password's is permanent). The sender then asks for no token and sends
     * no AUTH for {@link AlertEngine#TOKEN_REFUSED_HOLD_NANOS}: a tenant not set up yet must not be asked
     * twice for every alert.
     */
    static boolean tokenRefused(Throwable failure) {
        return failure instanceof SmtpException e && e.code() == 535 && e.isTransient();
    }

    /** The failure as a status says it: the server's words for an SMTP failure, the exception otherwise. */
    static String describe(Throwable failure) {
        return failure instanceof SmtpException ? failure.getMessage() : failure.toString();
    }

    /**
     * Throws {@code t} again when the sender must not carry on after it: an error of the JVM itself other
     * than a stack overflow or running out of memory, which end only what was being done.
     */
    static void rethrowIfFatal(Throwable t) {
        if (t instanceof VirtualMachineError e && !(t instanceof StackOverflowError) && !(t instanceof OutOfMemoryError)) {
            throw e;
        }
        if (t instanceof ThreadDeath d) {
            throw d;
        }
    }
}
