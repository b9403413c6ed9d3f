package io.github.mailback.bench;

import org.openjdk.jmh.annotations.Threads;

/** {@link AppenderCostBenchmark} with two logging threads sharing one appender. */
@Threads(2)
public class AppenderTwoThreadsBenchmark extends AppenderCostBenchmark {
}
