package io.github.mailback.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The logging thread's cost of {@code appender.doAppend(event)} with pre-built events: a buffered INFO
 * (kept as context, no email) and a triggering ERROR (an email is due), for mailback's SmtpAppender and
 * Logback's SMTPAppender. The subclasses fix the number of logging threads.
 *
 * <p>Pre-built events rather than logger calls: creating the event costs the same whichever appender
 * is attached, so it would only dilute the difference. Each thread appends its own events to the one
 * shared appender, as an application's threads do.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// A fixed heap: an ERROR costs Logback about 2 KB of garbage, and heap resizing in the first seconds
// would otherwise land in the measured iterations. Same setting for both appenders.
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public abstract class AppenderCostBenchmark {

    @Benchmark
    public void infoMailback(MailbackAppenderState appender, SampleEvents events) {
        appender.appender.doAppend(events.info);
    }

    @Benchmark
    public void infoLogback(LogbackAppenderState appender, SampleEvents events) {
        appender.appender.doAppend(events.info);
    }

    @Benchmark
    public void errorMailback(MailbackAppenderState appender, SampleEvents events) {
        appender.appender.doAppend(events.error);
    }

    @Benchmark
    public void errorLogback(LogbackAppenderState appender, SampleEvents events) {
        appender.appender.doAppend(events.error);
    }
}
