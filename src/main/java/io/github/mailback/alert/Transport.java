package io.github.mailback.alert;

import io.github.mailback.smtp.SendResult;
import java.io.IOException;
import java.util.List;

/** Delivers a composed digest email; the SMTP implementation is {@link SmtpTransport}. */
interface Transport {
    /**
     * Sends the email to {@code only} these recipients (null: to all of its own), within {@code budgetNanos} when that is smaller than the configured timeouts.
     * Returns when the server accepted it for at least one recipient; throws
     * {@link io.github.mailback.smtp.SmtpException} (transient or permanent) or another
     * {@link IOException} (treated as transient) otherwise.
     */
    SendResult send(AlertEmail email, List<String> only, long budgetNanos) throws IOException;
}
