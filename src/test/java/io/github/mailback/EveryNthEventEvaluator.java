package io.github.mailback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.boolex.EventEvaluatorBase;
import java.util.concurrent.atomic.AtomicLong;

/** Triggers on every {@code limit}-th event whatever its level (the manual's counter-based example). */
public class EveryNthEventEvaluator extends EventEvaluatorBase<ILoggingEvent> {
    private final AtomicLong counter = new AtomicLong();
    private int limit = 16;

    public void setLimit(int limit) {
        this.limit = limit;
    }

    @Override
    public boolean evaluate(ILoggingEvent event) {
        return counter.incrementAndGet() % limit == 0;
    }
}
