package io.github.mailback;

/**
 * A property of {@link SmtpAppender} that is wrong, with what is wrong: {@code property} is the
 * logback.xml name ({@code rateLimit}, {@code smtpHost}...), {@code message} the sentence a status
 * message shows. {@link SmtpAppender#checkConfiguration()} gives them all at once.
 */
public record ConfigurationProblem(String property, String message) {
    @Override
    public String toString() {
        return property + ": " + message;
    }
}
