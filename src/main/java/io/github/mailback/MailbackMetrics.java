package io.github.mailback;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The counters of an {@link SmtpAppender} as Micrometer meters: {@code mailback.*}, tagged
 * {@code appender} (its name) and {@code context} (its Logback context's name), so that two web
 * applications in one server keep theirs apart. A {@link MeterBinder}: bind it to a registry, as the
 * Spring Boot starter does with the application's. The appender itself binds one to Micrometer's
 * global registry while it runs, when Micrometer is on the class path; removing the meters at stop.
 * Binding twice to one registry gives each meter once.
 */
public final class MailbackMetrics implements MeterBinder, AutoCloseable {
    private record Counter(String name, ToDoubleFunction<SmtpAppender> value, boolean gauge, String description) {
    }

    private static final List<Counter> COUNTERS = List.of(
            new Counter("mailback.events.triggering", SmtpAppender::getTriggeringEvents, false,
                    "Events the evaluator chose to mail"),
            new Counter("mailback.emails.sent", SmtpAppender::getEmailsSent, false, "Emails the server accepted"),
            new Counter("mailback.events.reported", SmtpAppender::getEventsReported, false,
                    "Events in emails the server accepted (the sum of X-Mailback-Events)"),
            new Counter("mailback.events.suppressed", SmtpAppender::getEventsSuppressed, false,
                    "Events reported by number only, not shown as an example"),
            new Counter("mailback.events.held", SmtpAppender::getEventsHeld, true, "Events waiting for their email now"),
            new Counter("mailback.events.failed", SmtpAppender::getEventsFailed, false,
                    "Events given up on: refused for good, or retries exhausted"),
            new Counter("mailback.events.uncertain", SmtpAppender::getEventsUncertain, false,
                    "Events in emails whose fate is unknown (the connection broke after the message)"),
            new Counter("mailback.events.lost", SmtpAppender::getEventsLost, false,
                    "Events still unsent when shutdownTimeout expired"),
            new Counter("mailback.send.failures", SmtpAppender::getSendFailures, false, "Send attempts that failed"),
            new Counter("mailback.retries", SmtpAppender::getRetries, false, "Send attempts that repeated a failed one"),
            new Counter("mailback.rate.limited", SmtpAppender::getRateLimited, false,
                    "Times an email was due but the rate limit held it back"),
            new Counter("mailback.inbox.overflow", SmtpAppender::getInboxOverflow, false,
                    "Triggering events that found the inbox full (counted in a later email)"),
            new Counter("mailback.events.sender.thread", SmtpAppender::getSenderThreadEvents, false,
                    "Events logged on the sender thread itself: never mailed"),
            new Counter("mailback.events.kept", SmtpAppender::getEventsKept, false,
                    "Events a stop left in the spool for a later run (repeats not yet due)"),
            new Counter("mailback.spool.recovered", SmtpAppender::getSpoolRecovered, false,
                    "Events the spool brought back from earlier runs"),
            new Counter("mailback.spool.resent", SmtpAppender::getSpoolResent, false,
                    "Emails the spool brought back to send again"),
            new Counter("mailback.spool.quarantined", SmtpAppender::getSpoolQuarantined, false,
                    "Spool files that could not be read, moved aside"),
            new Counter("mailback.spool.trimmed", SmtpAppender::getSpoolTrimmed, false,
                    "Groups whose details the spool dropped at maxSpoolSize (counts kept)"),
            new Counter("mailback.spool.bytes", SmtpAppender::getSpoolBytes, true, "The spool's size on disk"),
            new Counter("mailback.spool.entries", SmtpAppender::getSpoolEntries, true, "The spool's records"));

    private final SmtpAppender appender;
    private final List<Meter> meters = new ArrayList<>();
    private final List<MeterRegistry> registries = new ArrayList<>();

    public MailbackMetrics(SmtpAppender appender) {
        this.appender = appender;
    }

    /** Registers one meter per counter, and {@code mailback.redactions} once per redaction rule in use. */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        String context = appender.getContext() == null ? "default" : appender.getContext().getName();
        Tags tags = Tags.of("appender", String.valueOf(appender.getName()), "context", String.valueOf(context));
        for (Counter c : COUNTERS) {
            meters.add(c.gauge()
                    ? Gauge.builder(c.name(), appender, c.value()).tags(tags).description(c.description()).register(registry)
                    : FunctionCounter.builder(c.name(), appender, c.value()).tags(tags).description(c.description())
                            .register(registry));
        }
        for (io.github.mailback.redact.Rule rule : appender.redactionRules()) {
            meters.add(FunctionCounter.builder("mailback.redactions", appender, a -> a.redactions(rule))
                    .tags(tags.and("rule", rule.id())).description("Values redacted, by rule").register(registry));
        }
        registries.add(registry);
    }

    /** Removes every meter this binder registered, from every registry it was bound to. */
    @Override
    public synchronized void close() {
        for (MeterRegistry registry : registries) {
            for (Meter m : meters) {
                registry.remove(m);
            }
        }
        meters.clear();
        registries.clear();
    }

    /**
     * Binds the appender's meters to Micrometer's global registry, which Spring Boot joins to its own by
     * default; the declared type keeps Micrometer out of the caller's class verification.
     */
    static AutoCloseable bindToGlobalRegistry(SmtpAppender appender) {
        MailbackMetrics metrics = new MailbackMetrics(appender);
        metrics.bindTo(Metrics.globalRegistry);
        return metrics;
    }
}
