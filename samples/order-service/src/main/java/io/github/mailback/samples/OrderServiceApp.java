package io.github.mailback.samples;

import org.slf4j.Logger;

/**
 * The sample order service. It logs through SLF4J only; its logback.xml sends ERROR events to
 * mailback's {@code SmtpAppender}. {@link Scenario} plays a bad day: normal traffic, a database
 * failure, a flood of payment timeouts, a different error in the middle of the flood, then a fatal
 * error after which the service exits at once, leaving the appender's own shutdown hook to send what
 * is pending.
 *
 * <p>The demo plays that day in two runs: {@code --hang-mid-flood} stops in the middle of the flood and
 * hangs there (see {@link KillPoint}) until the demo kills the process; {@code --after-restart}, started
 * next with the same spool, plays the rest. Without an argument the service plays the whole day.
 */
public final class OrderServiceApp {

    private static final Logger log = LogTally.logger(OrderServiceApp.class);

    /** The mail appender in logback.xml. */
    private static final String MAIL_APPENDER = "MAIL";
    /** The different errors logged before the kill point: the database failure, the timeouts, the stock error. */
    private static final int ERRORS_BEFORE_THE_KILL_POINT = 3;

    private OrderServiceApp() {
    }

    public static void main(String[] args) throws InterruptedException {
        String part = args.length == 0 ? "" : args[0];
        if (args.length > 1 || !part.isEmpty() && !part.equals("--hang-mid-flood") && !part.equals("--after-restart")) {
            System.err.println("usage: OrderServiceApp [--hang-mid-flood | --after-restart]");
            System.exit(2);
        }
        log.info("order-service starting (pid {}, Java {})", ProcessHandle.current().pid(),
                Runtime.version().feature());
        try {
            Scenario scenario = new Scenario();
            switch (part) {
                case "--hang-mid-flood" -> scenario.playUntilStuck(
                        () -> KillPoint.hangOnceSpooled(MAIL_APPENDER, ERRORS_BEFORE_THE_KILL_POINT));
                case "--after-restart" -> scenario.playAfterRestart();
                default -> scenario.play();
            }
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
