/**
 * mailback: a Logback appender that mails digests of an application's failures, and the SMTP client,
 * message writer and OAuth 2.0 token providers it is built on. The alert machinery ({@code io.github.mailback.alert}) and the
 * command line ({@code io.github.mailback.cli}) are internal. Logback and SLF4J are needed by the
 * appender only: the command line and the client run without them.
 * Micrometer is optional too: when present, the appender's counters are also meters.
 */
module io.github.mailback {
    requires static ch.qos.logback.classic;
    requires static ch.qos.logback.core;
    requires static org.slf4j;
    requires static micrometer.core;
    requires java.management;
    requires java.net.http;
    requires java.security.sasl;

    exports io.github.mailback;
    exports io.github.mailback.mime;
    exports io.github.mailback.oauth;
    exports io.github.mailback.smtp;
}
