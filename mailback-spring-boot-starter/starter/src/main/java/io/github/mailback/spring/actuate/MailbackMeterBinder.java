package io.github.mailback.spring.actuate;

import io.github.mailback.MailbackMetrics;
import io.github.mailback.SmtpAppender;
import io.github.mailback.spring.MailbackAppenders;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.DisposableBean;

/**
 * Binds the appenders' meters ({@link MailbackMetrics}) to the application's {@link MeterRegistry}, so
 * that they are in {@code /actuator/metrics} with {@code management.metrics.use-global-registry} true or
 * false. The appender itself binds them to Micrometer's global registry, which Spring Boot's registry
 * joins when that property is true (the default): then they are in the registry already, and binding them
 * again would only make Micrometer warn about each; they are bound here when they are not.
 */
public class MailbackMeterBinder implements MeterBinder, DisposableBean {
    private final MailbackAppenders appenders;
    private final List<MailbackMetrics> bound = new ArrayList<>();

    public MailbackMeterBinder(MailbackAppenders appenders) {
        this.appenders = appenders;
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        for (SmtpAppender appender : appenders.current()) {
            // The tags MailbackMetrics gives: the appender's name, its Logback context's.
            String context = appender.getContext() == null ? "default" : appender.getContext().getName();
            if (registry.find("mailback.events.triggering").tag("appender", String.valueOf(appender.getName()))
                    .tag("context", String.valueOf(context)).meter() != null) {
                continue; // through the global registry
            }
            MailbackMetrics metrics = new MailbackMetrics(appender);
            metrics.bindTo(registry);
            bound.add(metrics);
        }
    }

    /** The context closes: its registry goes, and these meters with it. */
    @Override
    public synchronized void destroy() {
        bound.forEach(MailbackMetrics::close);
        bound.clear();
    }
}
