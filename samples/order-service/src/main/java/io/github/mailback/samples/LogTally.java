package io.github.mailback.samples;

import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the events this application logs, so that the demo can check that the emails add up.
 *
 * <p>Only the demo needs this: an application of your own takes its loggers from
 * {@link LoggerFactory#getLogger(Class)} directly.
 */
final class LogTally {

    private static final LongAdder EVENTS = new LongAdder();
    private static final LongAdder ERRORS = new LongAdder();

    private LogTally() {
    }

    /** A logger for {@code type} that counts what it logs and hands every event to SLF4J unchanged. */
    static Logger logger(Class<?> type) {
        return new TallyingLogger(LoggerFactory.getLogger(type));
    }

    static void count(boolean error) {
        EVENTS.increment();
        if (error) {
            ERRORS.increment();
        }
    }

    static long events() {
        return EVENTS.sum();
    }

    static long errors() {
        return ERRORS.sum();
    }
}
