package io.github.mailback;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * Run in a child JVM: configures Logback from a test resource, logs one error, stops Logback and
 * returns from main, as a command-line job does. With an AsyncAppender, its worker thread (which
 * the AsyncAppender has interrupted) is the one that stops the SmtpAppender.
 */
public final class StopThenReturn {
    private StopThenReturn() {
    }

    public static void main(String[] args) throws Exception {
        LoggerContext context = ChildJvm.configureLogback(args[0]);
        LoggerFactory.getLogger("com.example.Job").error("nightly export failed",
                new IllegalStateException("export directory is read-only"));
        context.stop();
    }
}
