package io.github.mailback.spring.actuate;

import io.github.mailback.SmtpAppender;
import io.github.mailback.smtp.SendResult;
import io.github.mailback.smtp.SmtpException;
import io.github.mailback.spring.MailbackAppenders;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code mailback} Actuator endpoint. Reading gives each appender's counters, what it knows of its
 * server, and its effective settings with the secrets masked. Writing sends one test email through each
 * appender, as {@code --check-config} does: to the configured recipients only (the operation takes no
 * argument), at most one a minute per appender, and only where the write access was granted
 * ({@code management.endpoint.mailback.access=unrestricted}); reading is the default access.
 */
@Endpoint(id = "mailback", defaultAccess = Access.READ_ONLY)
public class MailbackEndpoint {
    /** The least time between two test emails of one appender. */
    static final Duration TEST_EMAIL_INTERVAL = Duration.ofMinutes(1);
    private static final String MASK = "******";

    private final MailbackAppenders appenders;
    private final Clock clock;
    /** When each appender, by name, last sent a test email; guarded by itself. */
    private final Map<String, Instant> lastTestEmail = new HashMap<>();

    public MailbackEndpoint(MailbackAppenders appenders) {
        this(appenders, Clock.systemUTC());
    }

    MailbackEndpoint(MailbackAppenders appenders, Clock clock) {
        this.appenders = appenders;
        this.clock = clock;
    }

    @ReadOperation
    public Map<String, Object> read() {
        Map<String, Object> result = new LinkedHashMap<>();
        for (SmtpAppender a : appenders.current()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("started", a.isStarted());
            one.put("counters", counters(a));
            MailHealth health = MailHealth.of(List.of(a));
            one.put("mail", health.details().get(String.valueOf(a.getName())));
            Map<String, Object> starter = appenders.starterSettings(a);
            if (starter != null) {
                one.put("source", "mailback.* properties");
                one.put("settings", starter);
                one.put("settingsTakenFrom", appenders.starterSettingOrigins(a));
            } else {
                one.put("source", "Logback configuration");
                one.put("settings", declaredSettings(a));
            }
            result.put(String.valueOf(a.getName()), one);
        }
        return Map.of("appenders", result);
    }

    /**
     * Sends one test email ({@code X-Mailback-Events: 0}) through each appender, to its configured
     * recipients, and says what the server answered.
     */
    @WriteOperation
    public Map<String, Object> sendTestEmail() {
        Map<String, Object> result = new LinkedHashMap<>();
        for (SmtpAppender a : appenders.current()) {
            String name = String.valueOf(a.getName());
            Map<String, Object> one = new LinkedHashMap<>();
            Duration wait = claimTestEmail(name);
            if (!wait.isZero()) {
                one.put("sent", false);
                one.put("reason", "rate limited: one test email a minute; the next in " + (wait.toSeconds() + 1) + " s");
            } else {
                try {
                    SendResult sent = a.sendTestEmail(null);
                    one.put("sent", true);
                    one.put("accepted", sent.accepted());
                    Map<String, String> refused = new LinkedHashMap<>();
                    sent.refused().forEach((rcpt, reply) -> refused.put(rcpt, String.valueOf(reply)));
                    one.put("refused", refused);
                    one.put("reply", String.valueOf(sent.dataReply()));
                } catch (SmtpException e) {
                    one.put("sent", false);
                    one.put("reason", e.getMessage());
                } catch (IOException | RuntimeException e) {
                    one.put("sent", false);
                    one.put("reason", e.toString());
                }
            }
            result.put(name, one);
        }
        return Map.of("testEmails", result);
    }

    /** Zero when this appender may send a test email now (and the time is taken); else how long to wait. */
    private Duration claimTestEmail(String name) {
        Instant now = clock.instant();
        synchronized (lastTestEmail) {
            Instant last = lastTestEmail.get(name);
            if (last != null && now.isBefore(last.plus(TEST_EMAIL_INTERVAL))) {
                return Duration.between(now, last.plus(TEST_EMAIL_INTERVAL));
            }
            lastTestEmail.put(name, now);
            return Duration.ZERO;
        }
    }

    private static Map<String, Object> counters(SmtpAppender a) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("triggeringEvents", a.getTriggeringEvents());
        c.put("emailsSent", a.getEmailsSent());
        c.put("eventsReported", a.getEventsReported());
        c.put("eventsSuppressed", a.getEventsSuppressed());
        c.put("eventsHeld", a.getEventsHeld());
        c.put("eventsFailed", a.getEventsFailed());
        c.put("eventsUncertain", a.getEventsUncertain());
        c.put("eventsLost", a.getEventsLost());
        c.put("sendFailures", a.getSendFailures());
        c.put("retries", a.getRetries());
        c.put("rateLimited", a.getRateLimited());
        c.put("inboxOverflow", a.getInboxOverflow());
        c.put("senderThreadEvents", a.getSenderThreadEvents());
        c.put("eventsKept", a.getEventsKept());
        c.put("spoolRecovered", a.getSpoolRecovered());
        c.put("spoolResent", a.getSpoolResent());
        c.put("spoolQuarantined", a.getSpoolQuarantined());
        c.put("spoolTrimmed", a.getSpoolTrimmed());
        c.put("spoolBytes", a.getSpoolBytes());
        c.put("spoolEntries", a.getSpoolEntries());
        c.put("redactedValues", a.getRedactedValues());
        return c;
    }

    /** What an appender of the Logback configuration is set to, by its logback.xml names; secrets masked. */
    private static Map<String, Object> declaredSettings(SmtpAppender a) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("smtpHost", a.getSmtpHost());
        s.put("smtpPort", a.getSmtpPort());
        s.put("tls", a.isSSL() ? "smtps" : a.isSTARTTLS() ? "starttls" : "none");
        s.put("username", a.getUsername());
        s.put("password", a.getPassword() == null ? null : MASK);
        s.put("oauth2", a.getOauth2() == null ? null : a.getOauth2().getClass().getSimpleName());
        s.put("from", a.getFrom());
        s.put("to", a.getToAsListOfString());
        s.put("cc", a.getCc());
        s.put("bcc", a.getBcc());
        s.put("replyTo", a.getReplyTo());
        s.put("subject", a.getSubject());
        s.put("header", a.getHeaders());
        s.put("rateLimit", a.getRateLimit());
        s.put("burst", a.getBurst());
        s.put("batchWindow", a.getBatchWindow());
        s.put("repeatInterval", a.getRepeatInterval());
        s.put("maxRepeatInterval", a.getMaxRepeatInterval());
        s.put("retryFor", a.getRetryFor());
        s.put("shutdownTimeout", a.getShutdownTimeout());
        s.put("service", a.getService());
        s.put("appPackages", a.getAppPackages());
        s.put("spoolDir", a.getSpoolDir());
        // What is redacted is no secret: the keys and patterns say where secrets are, not what they are.
        s.put("redactSecrets", a.isRedactSecrets());
        s.put("redactKeys", a.getRedactKeys());
        s.put("redactPattern", a.getRedactPatterns());
        s.put("redactRulesOff", a.getRedactRulesOff());
        s.put("redactRulesOn", a.getRedactRulesOn());
        s.put("minimalContent", a.isMinimalContent());
        s.values().removeIf(v -> v == null);
        return s;
    }
}
