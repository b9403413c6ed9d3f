package io.github.mailback.bench;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

/**
 * The floor for any appender that hands events to another thread: it freezes the event
 * ({@code prepareForDeferredProcessing()}: formatted message, thread name, MDC) and keeps nothing.
 * Through {@link UnsynchronizedAppenderBase}, like mailback's appender, so that both pay the same
 * re-entrancy guard and filter chain.
 */
final class PrepareOnlyAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing();
    }
}
