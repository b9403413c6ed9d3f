package io.github.mailback;

import java.time.Instant;

/**
 * What a running {@link SmtpAppender} knows of its mail server, without connecting: the outcome of the
 * check at start ({@code verifyOnStart}) and of the last attempt to send an alert, each null until it
 * happens. For health checks: {@code --check-config} and the Spring Boot starter's health contributor.
 */
public record MailStatus(Outcome startCheck, Outcome lastSend) {
    /** One outcome: when, whether it worked, and the server's reply or the failure (no secret in it). */
    public record Outcome(Instant at, boolean ok, String detail) {
    }
}
