package io.github.mailback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Loads a logback.xml from the test resources into a fresh, private {@link LoggerContext}. */
final class LogbackConfig {
    private LogbackConfig() {
    }

    static LoggerContext load(String resource, Map<String, String> properties) {
        LoggerContext context = new LoggerContext();
        context.setName("test-" + resource.replace('/', '-'));
        // A context made outside SLF4J's provider has no MDC adapter of its own: share the global one.
        context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());
        properties.forEach(context::putProperty);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        URL url = LogbackConfig.class.getResource(resource);
        if (url == null) {
            throw new IllegalArgumentException("no such resource: " + resource);
        }
        try {
            configurator.doConfigure(url);
        } catch (JoranException e) {
            throw new AssertionError("configuration failed: " + statuses(context), e);
        }
        return context;
    }

    static SmtpAppender appender(LoggerContext context, String name) {
        return (SmtpAppender) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(name);
    }

    /** Every status message so far, one per line, with its level. */
    static String statuses(LoggerContext context) {
        List<Status> list = context.getStatusManager().getCopyOfStatusList();
        return list.stream().map(s -> levelName(s.getLevel()) + " " + s.getMessage()
                + (s.getThrowable() != null ? " (" + s.getThrowable() + ")" : "")).collect(Collectors.joining("\n"));
    }

    /** Warnings and errors only, one per line. */
    static String errorsAndWarnings(LoggerContext context) {
        return context.getStatusManager().getCopyOfStatusList().stream().filter(s -> s.getLevel() >= Status.WARN)
                .map(Status::getMessage).collect(Collectors.joining("\n"));
    }

    static List<String> errors(LoggerContext context) {
        return context.getStatusManager().getCopyOfStatusList().stream().filter(s -> s.getLevel() == Status.ERROR)
                .map(Status::getMessage).collect(Collectors.toList());
    }

    private static String levelName(int level) {
        return level == Status.ERROR ? "ERROR" : level == Status.WARN ? "WARN" : "INFO";
    }
}
