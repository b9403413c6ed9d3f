package io.github.mailback.samples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicLong;

/** The append-only journal every accepted order is written to before it is confirmed. */
final class OrderJournal {

    private final AtomicLong entries = new AtomicLong();
    private volatile boolean diskFull;

    void setDiskFull(boolean full) {
        this.diskFull = full;
    }

    void append(Order order) {
        try {
            write(order);
        } catch (IOException e) {
            throw new JournalWriteException("Cannot append order " + order.id() + " to the order journal",
                    new UncheckedIOException("journal segment orders-000042.log", e));
        }
    }

    private void write(Order order) throws IOException {
        if (diskFull) {
            throw new IOException("No space left on device");
        }
        entries.incrementAndGet();
    }
}
