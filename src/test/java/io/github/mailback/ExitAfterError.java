package io.github.mailback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import org.slf4j.LoggerFactory;

/** Run in a child JVM: configures Logback from a test resource, logs one fatal error and exits at once. */
public final class ExitAfterError {
    private ExitAfterError() {
    }

    public static void main(String[] args) throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(ExitAfterError.class.getResource(args[0]));
        LoggerFactory.getLogger("com.example.Main").error("fatal: cannot open the database",
                new IllegalStateException("no database"));
        System.exit(3);
    }
}
