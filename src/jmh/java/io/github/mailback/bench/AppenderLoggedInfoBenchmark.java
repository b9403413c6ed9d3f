package io.github.mailback.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A buffered INFO logged by two threads through one logger and one appender, for mailback's
 * SmtpAppender, the {@link PrepareOnlyAppender} floor and Logback's SMTPAppender, each in a JVM of its
 * own. Through the logger, so that every call makes a new event the appender must freeze and keep
 * ({@link AppenderCostBenchmark} appends one pre-built event, frozen already, which leaves the
 * prepare-only floor at a few ns). Building the event costs every appender the same.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// Heap touched at start, as in AppenderBurstBenchmark: first-touch page faults cost in proportion to garbage.
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(2)
@State(Scope.Thread)
public class AppenderLoggedInfoBenchmark {
    private final Integer order = 4711;
    private final String city = "Lyon";

    @Benchmark
    public void infoMailback(MailbackAppenderState appender) {
        appender.logger.info("order {} shipped to {}", order, city);
    }

    @Benchmark
    public void infoPrepareOnly(PrepareOnlyAppenderState appender) {
        appender.logger.info("order {} shipped to {}", order, city);
    }

    @Benchmark
    public void infoLogback(LogbackAppenderState appender) {
        appender.logger.info("order {} shipped to {}", order, city);
    }
}
