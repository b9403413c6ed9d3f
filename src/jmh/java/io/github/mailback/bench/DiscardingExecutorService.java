package io.github.mailback.bench;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * An executor that accepts every task and runs none, counting them. Given to Logback's SMTPAppender so
 * that a benchmark measures what its logging thread does for an ERROR (snapshot, task, hand-off) without
 * thousands of emails being built and sent on the same two cores, and without its unbounded queue
 * growing for as long as the benchmark runs.
 */
final class DiscardingExecutorService extends AbstractExecutorService {
    private final LongAdder accepted = new LongAdder();
    private volatile boolean shutdown;

    @Override
    public void execute(Runnable task) {
        accepted.increment();
    }

    /** Tasks handed over so far (each one an email Logback would have sent). */
    long accepted() {
        return accepted.sum();
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return shutdown;
    }
}
