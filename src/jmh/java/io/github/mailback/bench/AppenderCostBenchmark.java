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
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
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
