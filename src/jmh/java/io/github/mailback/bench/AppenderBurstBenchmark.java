package io.github.mailback.bench;

import ch.qos.logback.classic.Logger;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The logging thread's cost of an ERROR in a burst: 2,000 {@code logger.error(...)} calls with the same
 * exception on one thread, then a quiet 200 ms, in which the sender can work, before the next burst.
 * This is how errors usually come (a dependency fails, every request logs it), and unlike the flood of
 * {@link AppenderCostBenchmark}, where the inbox is always full, ERRORs here take both paths: the
 * hand-over with a context snapshot while the inbox has room, the spill once it is full.
 *
 * <p>Three appenders, each in a JVM of its own (one fork per method): mailback's SmtpAppender with its
 * default settings, sending for real to smtp-sink; {@link PrepareOnlyAppender}, the floor (the event
 * frozen, nothing kept); and Logback's SMTPAppender, whose emails go to a discarding executor as in
 * {@link LogbackAppenderState}. In one JVM, one appender's sending would slow the next one's logging.
 *
 * <p>Through the logger, not pre-built events: each ERROR is a new event that the appender must
 * freeze, as in an application ({@code prepareForDeferredProcessing()} on an event frozen already is
 * three field reads). Building the event costs every appender the same.
 *
 * <p>Why single-shot: one invocation is one burst, timed on its own by JMH, and the pause is a
 * {@code Level.Invocation} set-up, which JMH keeps out of the measured time. The score is the burst's
 * time divided by its 2,000 ERRORs, so it counts everything the burst costs the logging thread,
 * including the first ERROR's wake-up of the sender and whatever the sender then takes from the same
 * two cores. An average-time loop of single ERRORs could not pause between bursts without timing the
 * pause; a burst of 2 ms is long enough that the timer's own cost (tens of ns) does not matter.
 * Each iteration is one burst: warm-up and measurement are counted in bursts, not seconds.
 *
 * <p>With its default settings (a batch window of 5 s, so a tick of 1 s) mailback's sender does not
 * drain the inbox between every two bursts: it runs in about one burst in five, and about 88 % of the
 * ERRORs find the inbox full and take the spill path. The tear-down prints the count ("inbox
 * overflows"). Each appender's state ends its start with a full collection
 * ({@link SteadyState}), so that measured bursts see the young collections of an application that has
 * run for a while. {@code -prof gc} counts the allocation of every thread, the sender's included, and
 * of the pauses; {@link BurstCost} gives the logging thread's own bytes and CPU time per ERROR.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(AppenderBurstBenchmark.BURST)
// The heap touched at start: without it each burst allocates into pages of the heap that were never
// written, and the page faults (measured: Logback's ERROR, 3.3 KB of garbage, 3,900 ns without and
// 1,300 ns with) cost each appender in proportion to its garbage, as no long-running application pays.
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 30, batchSize = 1)
@Measurement(iterations = 30, batchSize = 1)
@Threads(1)
@State(Scope.Thread)
public class AppenderBurstBenchmark {
    static final int BURST = 2_000;
    static final long PAUSE_MILLIS = 200;

    private Exception failure;
    private Integer order;

    @Setup(Level.Trial)
    public void failure() {
        failure = SampleFailure.create();
        order = 4711;
    }

    /** The quiet time before each burst, outside the measured time: the sender drains the last one. */
    @Setup(Level.Invocation)
    public void pause() throws InterruptedException {
        Thread.sleep(PAUSE_MILLIS);
    }

    @Benchmark
    public void errorMailback(MailbackAppenderState appender) {
        burst(appender.logger);
    }

    @Benchmark
    public void errorPrepareOnly(PrepareOnlyAppenderState appender) {
        burst(appender.logger);
    }

    @Benchmark
    public void errorLogback(LogbackAppenderState appender) {
        burst(appender.logger);
    }

    private void burst(Logger logger) {
        for (int i = 0; i < BURST; i++) {
            logger.error("payment for order {} failed", order, failure);
        }
    }
}
