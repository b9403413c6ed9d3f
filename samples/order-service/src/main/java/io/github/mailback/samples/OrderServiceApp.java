package io.github.mailback.samples;

import org.slf4j.Logger;

/**
 * The sample order service. It logs through SLF4J only; its logback.xml sends ERROR events to
 * mailback's {@code SmtpAppender}. {@link Scenario} plays a bad day: normal traffic, a database
 * failure, a flood of payment timeouts, a different error in the middle of the flood, then a fatal
 * error after which the service exits at once, leaving the appender's own shutdown hook to send what
 * is pending.
 */
public final class OrderServiceApp {

    private static final Logger log = LogTally.logger(OrderServiceApp.class);

    private OrderServiceApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        log.info("order-service starting (pid {}, Java {})", ProcessHandle.current().pid(),
                Runtime.version().feature());
        try {
            new Scenario().play();
        } catch (JournalWriteException e) {
            log.error("Order journal is not writable; stopping so that no confirmed order is lost", e);
            Progress.say("fatal error logged; calling System.exit(1) right away (no Logback shutdown)");
            Progress.tally();
            // No LoggerContext.stop() and no <shutdownHook/>: mailback's own hook must send the email.
            System.exit(1);
        }
        log.warn("Scenario ended without its fatal error");
        Progress.tally();
        System.exit(2);
    }
}
