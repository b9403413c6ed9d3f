package io.github.mailback.bench;

/** The settings both appenders get, so that they are configured alike. */
final class AppenderSettings {
    /** Logback's default subject for SMTPAppender. */
    static final String SUBJECT = "%logger{20} - %m";
    static final String LAYOUT = "%date %-5level [%thread] %logger - %msg%n";

    private AppenderSettings() {
    }
}
