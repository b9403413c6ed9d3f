package io.github.mailback.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;

/**
 * The application's logger for the benchmarks that log through a {@link Logger} rather than append
 * pre-built events: every call builds a new event, which the appender must freeze and keep. Its own
 * context, set up as Logback's SLF4J provider does, with the appender under test as its only appender.
 */
final class ApplicationLogger {
    static final String NAME = "com.example.shop.OrderService";

    private ApplicationLogger() {
    }

    static Logger to(Appender<ILoggingEvent> appender) {
        LoggerContext context = new LoggerContext();
        // What the SLF4J provider does at start-up; events read their MDC through it.
        context.setMDCAdapter(new LogbackMDCAdapter());
        Logger logger = context.getLogger(NAME);
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        logger.addAppender(appender);
        return logger;
    }
}
