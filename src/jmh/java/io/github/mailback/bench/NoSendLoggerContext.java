package io.github.mailback.bench;

import ch.qos.logback.classic.LoggerContext;
import java.util.concurrent.ExecutorService;

/**
 * A LoggerContext whose executor discards tasks: Logback's SMTPAppender submits each email to
 * {@code context.getExecutorService()}. The override stays {@code synchronized}, like
 * {@code ContextBase.getExecutorService()}, so that the monitor Logback takes for every ERROR is kept.
 */
final class NoSendLoggerContext extends LoggerContext {
    private final DiscardingExecutorService executor = new DiscardingExecutorService();

    @Override
    public synchronized ExecutorService getExecutorService() {
        return executor;
    }

    /** Emails Logback handed to the executor so far. */
    long emailsHandedOver() {
        return executor.accepted();
    }
}
