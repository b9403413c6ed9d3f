package io.github.mailback.alert;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * One triggering event as the logging thread hands it to the sender: the event (already prepared
 * for deferred processing), the recent events of its discriminator key ending with it, and the
 * {@code System.nanoTime()} at which it was logged.
 *
 * <p>{@link #context()} always ends with the event, however it was taken: a flood skips the ring
 * (empty context), and two threads that trigger on one key at once share one drain of its ring, so one
 * of them may find its own event in the other's snapshot, or past it. That is mended here, when the
 * sender reads it, so the logging thread pays nothing for it.
 */
record Incident(ILoggingEvent event, List<ILoggingEvent> context, long loggedNanos) {
    @Override
    public List<ILoggingEvent> context() {
        if (context.isEmpty()) {
            return List.of(event);
        }
        if (context.get(context.size() - 1) == event) {
            return context;
        }
        int at = context.lastIndexOf(event);
        if (at >= 0) {
            return context.subList(0, at + 1);
        }
        List<ILoggingEvent> events = new ArrayList<>(context.size() + 1);
        events.addAll(context);
        events.add(event);
        return events;
    }
}
