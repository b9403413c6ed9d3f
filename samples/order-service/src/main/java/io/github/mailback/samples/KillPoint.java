package io.github.mailback.samples;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import io.github.mailback.SmtpAppender;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.LoggerFactory;

/**
 * Where the demo kills the service (run with {@code --hang-mid-flood}): once mailback's spool holds every
 * error logged so far, the service says so on standard output and hangs, as a stuck process would, until
 * the demo sends it SIGKILL. So the kill falls at the same point of the flood at every run, and the email
 * after the restart has exact counts to report.
 *
 * <p>Only the demo needs this. It reads the appender's public counters, the ones JMX shows.
 */
final class KillPoint {

    /** The start of the progress line the demo kills the service on. */
    static final String LINE = "hanging mid-flood";
    /** Mailback's sender takes events in at least every 250 ms with a spool; this is a generous bound. */
    private static final long WAIT_SECONDS = 10;
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** A stuck process that nobody kills ends anyway, so that a broken demo cannot leave it behind. */
    private static final long HANG_SECONDS = 120;

    private KillPoint() {
    }

    /**
     * Waits until the appender {@code appenderName} has taken in every error logged so far, none mailed yet,
     * and its spool holds them, then hangs. {@code groups} is how many different errors were logged: the
     * spool keeps its state and one example per group. Exits with status 3 when that does not happen in
     * time, and when nobody kills the process.
     */
    static void hangOnceSpooled(String appenderName, int groups) {
        SmtpAppender mail = appender(appenderName);
        long errors = LogTally.errors();
        if (mail.getSpoolDir() == null || mail.getSpoolDir().isBlank()) {
            fail("the appender has no spoolDir: a kill would lose what it holds", mail);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        // getEventsHeld is set as the sender takes events in, just before it writes the spool;
        // getSpoolEntries after the write. The last error logged is the first of its group, and the sender
        // takes events in the order they were logged: the records number 1 + groups only once a write that
        // holds that error, and everything logged before it, is done.
        while (mail.getTriggeringEvents() != errors || mail.getEventsHeld() != errors
                || mail.getSpoolEntries() != 1 + groups) {
            if (mail.getEmailsSent() > 0) {
                fail("the appender mailed before the kill point (is batchWindow shorter than the scenario?)", mail);
            }
            if (System.nanoTime() - deadline > 0) {
                fail("the spool did not hold the " + errors + " errors logged within " + WAIT_SECONDS + " s", mail);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        Progress.tally();
        Progress.say("%s (pid %d): mailback's spool holds the %,d errors logged so far, in %d groups; "
                + "waiting to be killed", LINE, ProcessHandle.current().pid(), errors, groups);
        try {
            new CountDownLatch(1).await(HANG_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Progress.say("nobody killed the stuck service within %d s; exiting", HANG_SECONDS);
        System.exit(3);
    }

    private static void fail(String why, SmtpAppender mail) {
        Progress.say("kill point not reached: %s (errors logged %d; appender: triggering %d, held %d, sent %d "
                + "emails, spool entries %d)", why, LogTally.errors(), mail.getTriggeringEvents(),
                mail.getEventsHeld(), mail.getEmailsSent(), mail.getSpoolEntries());
        Progress.tally();
        System.exit(3);
    }

    private static SmtpAppender appender(String name) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Appender<?> appender = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(name);
        if (!(appender instanceof SmtpAppender mail) || !mail.isStarted()) {
            throw new IllegalStateException("no started SmtpAppender named " + name + " on the root logger");
        }
        return mail;
    }
}
