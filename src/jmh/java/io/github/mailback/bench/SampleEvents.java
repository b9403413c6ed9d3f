package io.github.mailback.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The events each logging thread appends, built once per thread so that the benchmark measures the
 * appender and not the creation of events (which costs the same whichever appender is attached).
 */
@State(Scope.Thread)
public class SampleEvents {
    ILoggingEvent info;
    ILoggingEvent error;

    @Setup(org.openjdk.jmh.annotations.Level.Trial)
    public void build() {
        LoggerContext context = new LoggerContext();
        // What Logback's SLF4J provider does at start-up; events read their MDC through it.
        context.setMDCAdapter(new LogbackMDCAdapter());
        Logger logger = context.getLogger("com.example.shop.OrderService");
        String fqcn = Logger.class.getName();
        info = new LoggingEvent(fqcn, logger, Level.INFO, "order {} shipped to {}", null,
                new Object[] {4711, "Lyon"});
        Exception cause = new java.net.SocketTimeoutException("Read timed out");
        error = new LoggingEvent(fqcn, logger, Level.ERROR, "payment for order {} failed",
                new IllegalStateException("payment gateway unavailable", cause), new Object[] {4711});
        // Fails here, not silently inside doAppend, if an event cannot be frozen.
        info.prepareForDeferredProcessing();
        error.prepareForDeferredProcessing();
    }
}
