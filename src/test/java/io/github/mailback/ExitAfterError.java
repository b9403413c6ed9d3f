package io.github.mailback;

import org.slf4j.LoggerFactory;

/** Run in a child JVM: configures Logback from a test resource, logs one fatal error and exits at once. */
public final class ExitAfterError {
    private ExitAfterError() {
    }

    public static void main(String[] args) throws Exception {
        ChildJvm.configureLogback(args[0]);
        LoggerFactory.getLogger("com.example.Main").error("fatal: cannot open the database",
                new IllegalStateException("no database"));
        System.exit(3);
    }
}
