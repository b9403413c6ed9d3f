package io.github.mailback.smtp;

/**
 * Receives the SMTP dialogue line by line, for a {@code --verbose} view or a debug log. AUTH
 * arguments and responses arrive already redacted; message content is never passed.
 */
@FunctionalInterface
public interface SmtpTranscript {
    /** One line without its CRLF; {@code fromClient} is true for commands, false for replies. */
    void line(boolean fromClient, String line);
}
