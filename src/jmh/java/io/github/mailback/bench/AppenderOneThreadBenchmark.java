package io.github.mailback.bench;

import org.openjdk.jmh.annotations.Threads;

/** {@link AppenderCostBenchmark} with one logging thread. */
@Threads(1)
public class AppenderOneThreadBenchmark extends AppenderCostBenchmark {
}
