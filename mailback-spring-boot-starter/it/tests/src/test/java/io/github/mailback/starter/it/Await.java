package io.github.mailback.starter.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting on a condition with a deadline, never a fixed sleep. */
final class Await {
    private static final Duration POLL = Duration.ofMillis(25);

    private Await() {
    }

    /** Returns when {@code condition} holds; fails with {@code state} when it does not within {@code limit}. */
    static void until(BooleanSupplier condition, Duration limit, Supplier<String> state) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + limit.toMillis() + " ms: " + state.get());
            }
            pause();
        }
    }

    static void pause() {
        LockSupport.parkNanos(POLL.toNanos());
    }
}
