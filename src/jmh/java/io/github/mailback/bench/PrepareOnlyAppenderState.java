package io.github.mailback.bench;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** A {@link PrepareOnlyAppender} behind the application's logger, shared by the benchmark's threads. */
@State(Scope.Benchmark)
public class PrepareOnlyAppenderState {
    LoggerContext context;
    PrepareOnlyAppender appender;
    Logger logger;

    @Setup(Level.Trial)
    public void start() {
        context = new LoggerContext();
        appender = new PrepareOnlyAppender();
        appender.setContext(context);
        appender.setName("prepare-only");
        appender.start();
        logger = ApplicationLogger.to(appender);
        SteadyState.tenureStartUpObjects();
    }

    @TearDown(Level.Trial)
    public void stop() {
        appender.stop();
        Statuses.printErrors("prepare-only appender", context);
        context.stop();
    }
}
