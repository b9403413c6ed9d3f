package io.github.mailback;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.github.mailback.spool.SpoolHooks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.LoggerFactory;

/**
 * A service run in a child JVM by the spool's crash tests: Logback configured from {@code /logback/spool.xml}
 * (system properties smtpPort, spoolDir and the appender's timings), then the steps given as arguments:
 * <ul>
 *   <li>{@code wait-spool}: until the appender has opened its spool and written this run's mark in it;
 *   <li>{@code log:<text>}: one ERROR with this message and the same exception, so that equal texts group;
 *   <li>{@code pause:<ms>}: a pause of the service itself (an error logged that long before a kill);
 *   <li>{@code arm}: creates the file of system property killArm, which lets the kill point take effect;
 *   <li>{@code await-sent:<n>}: until the appender has sent n emails;
 *   <li>{@code print:<text>}: prints the text, for the test to follow;
 *   <li>{@code park}: waits to be killed or terminated; {@code exit:<code>}: System.exit.
 * </ul>
 * With system property killAt = {@code point:prefix}, the spool's writer parks at that point (see
 * {@link SpoolHooks}) and the child prints {@code KILLPOINT}.
 */
public final class SpoolChild {
    private SpoolChild() {
    }

    public static void main(String[] args) throws Exception {
        Path arm = System.getProperty("killArm") == null ? null : Path.of(System.getProperty("killArm"));
        String killAt = System.getProperty("killAt");
        if (killAt != null) {
            String[] at = killAt.split(":", 2);
            SpoolHooks.parkAt(at[0], at[1], arm);
        }
        LoggerContext context = ChildJvm.configureLogback("/logback/spool.xml");
        SmtpAppender appender = (SmtpAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("EMAIL");
        org.slf4j.Logger log = LoggerFactory.getLogger("com.example.orders.PaymentService");
        for (String step : args) {
            String verb = step.contains(":") ? step.substring(0, step.indexOf(':')) : step;
            String value = step.substring(verb.length()).replaceFirst("^:", "");
            switch (verb) {
                case "wait-spool" -> await("the spool", () -> appender.getSpoolEntries() > 0);
                case "log" -> log.error(value, new IllegalStateException("payment gateway unavailable"));
                case "pause" -> Thread.sleep(Long.parseLong(value));
                case "arm" -> Files.createFile(arm);
                case "await-sent" -> await(value + " emails", () -> appender.getEmailsSent() >= Long.parseLong(value));
                case "print" -> System.out.println(value);
                case "park" -> {
                    System.out.flush();
                    while (true) {
                        LockSupport.park();
                    }
                }
                case "exit" -> System.exit(Integer.parseInt(value));
                default -> throw new IllegalArgumentException("unknown step " + step);
            }
            System.out.flush();
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                System.out.println("TIMEOUT waiting for " + what);
                System.exit(70);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
