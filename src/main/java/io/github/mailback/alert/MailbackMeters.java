package io.github.mailback.alert;

import io.github.mailback.alert.AlertPipeline.Count;
import io.github.mailback.alert.AlertPipeline;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.ArrayList;
import java.util.List;

/**
 * The appender's counters as Micrometer meters ({@code mailback.*}, tagged {@code appender=<name>}) on
 * Micrometer's global registry, which Spring Boot joins to its own by default
 * ({@code management.metrics.use-global-registry}). The appender starts before any Spring context
 * and cannot wait for its registry, so the global one is the meeting point: Spring Boot's own
 * {@code LogbackMetrics} is a binder that Spring calls, this is the same counters pushed from the
 * other side. Loaded only when Micrometer is on the class path: no other class names a Micrometer type.
 */
public final class MailbackMeters implements AutoCloseable {
    /** The meter names, in the order of {@link Count}; "-" for none. */
    private static final String[] NAMES = ("events.triggering emails.sent events.reported events.suppressed "
            + "events.held events.failed events.uncertain events.lost - send.failures retries rate.limited "
            + "inbox.overflow events.sender.thread").split(" ");

    private final MeterRegistry registry = Metrics.globalRegistry;
    private final List<Meter> meters = new ArrayList<>();

    public MailbackMeters(String appender, AlertPipeline pipeline) {
        for (Count c : Count.values()) {
            String name = "mailback." + NAMES[c.ordinal()];
            if (c == Count.EVENTS_HELD) {
                meters.add(Gauge.builder(name, pipeline, p -> p.count(c)).tag("appender", appender).register(registry));
            } else if (!name.endsWith("-")) {
                meters.add(FunctionCounter.builder(name, pipeline, p -> p.count(c)).tag("appender", appender)
                        .register(registry));
            }
        }
    }

    /** Removes the meters (at stop). */
    @Override
    public void close() {
        for (Meter m : meters) {
            registry.remove(m);
        }
    }
}
