package io.github.mailback.alert;

/**
 * How a conversation with the mail server ended: when (epoch milliseconds), whether it did what it
 * set out to, and the server's words or the failure, without a secret.
 */
public record Outcome(long epochMillis, boolean ok, String detail) {
}
