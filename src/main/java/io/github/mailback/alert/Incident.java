package io.github.mailback.alert;

import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.List;

/**
 * One triggering event as the logging thread hands it to the sender: the event (already prepared
 * for deferred processing), the recent events of its discriminator key ending with it, and the
 * {@code System.nanoTime()} at which it was logged.
 */
public record Incident(ILoggingEvent event, List<ILoggingEvent> context, long loggedNanos) {
}
