package io.github.mailback.spring;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.AppenderAttachable;
import io.github.mailback.SmtpAppender;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * What the starter does at each step of a Spring Boot start, once Logback is known to be the logging
 * system: every class that touches Logback is reached through here, so that an application on another
 * logging system never loads one.
 */
final class StarterLifecycle {
    private static final Logger log = LoggerFactory.getLogger(StarterLifecycle.class);

    private StarterLifecycle() {
    }

    /** True when SLF4J logs to Logback, the only logging system the appender works with. */
    static boolean logbackIsTheLoggingSystem() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        return factory instanceof LoggerContext;
    }

    /** Spring Boot is about to initialise logging: the LoggerContext.stop() it starts with is not the end. */
    static void beforeLoggingInitialised() {
        RootAttachment current = RootAttachment.current(loggerContext());
        if (current != null) {
            current.expectReinitialisation();
        }
    }

    /** The start failed: whatever Spring Boot did to logging is over. */
    static void startFailed() {
        RootAttachment current = RootAttachment.current(loggerContext());
        if (current != null) {
            current.reinitialised();
        }
    }

    /**
     * Logging is initialised and the application context does not exist yet: attach the appender, keep
     * the one already attached when its settings did not change, or stay inactive and say why.
     */
    static void afterLoggingInitialised(ConfigurableEnvironment environment, SpringApplication application) {
        LoggerContext context = loggerContext();
        RootAttachment current = RootAttachment.current(context);
        if (current != null) {
            current.reinitialised();
        }
        Binder binder = Binder.get(environment);
        if (!binder.bind("mailback.enabled", Boolean.class).orElse(true)) {
            close(current, "mailback.enabled is false");
            return;
        }
        List<SmtpAppender> declared = declaredInLogbackConfiguration(context);
        if (!declared.isEmpty()) {
            close(current, "the Logback configuration declares its own SmtpAppender");
            Set<String> ignored = ResolvedProperties.setInEnvironment(environment);
            if (!ignored.isEmpty()) {
                log.warn("mailback: the Logback configuration declares its own SmtpAppender ({}): the starter adds none, and ignores {}",
                        String.join(", ", declared.stream().map(a -> String.valueOf(a.getName())).toList()),
                        String.join(", ", ignored));
            }
            return;
        }
        ResolvedProperties resolved = ResolvedProperties.resolve(binder, applicationClass(application));
        if (resolved.properties.getTo().isEmpty()) {
            close(current, "no mailback.to is set");
            log.info("mailback: errors are not mailed, since no mailback.to is set (set it, or mailback.enabled=false)");
            return;
        }
        if (current != null && current.hasSettings(resolved) && current.appender().isStarted()) {
            return; // a re-initialisation: the same appender goes on, with what it holds
        }
        ClassLoader loader = application.getClassLoader();
        AppenderFactory factory = new AppenderFactory(binder, new DefaultResourceLoader(loader),
                name -> origin(environment, name));
        SmtpAppender appender = factory.create(resolved, context);
        appender.start();
        RootAttachment.attach(context, appender, resolved);
        log.info("mailback: errors are mailed to {} through {}", String.join(", ", resolved.properties.getTo()), appender);
    }

    /**
     * Every SmtpAppender the Logback configuration put on a logger, also inside an AsyncAppender; the
     * starter's own is not one of them (its forwarder is on the root logger instead).
     */
    static List<SmtpAppender> declaredInLogbackConfiguration(LoggerContext context) {
        List<SmtpAppender> found = new ArrayList<>();
        Map<Appender<?>, Boolean> seen = new IdentityHashMap<>();
        for (ch.qos.logback.classic.Logger logger : context.getLoggerList()) {
            collect(logger, found, seen);
        }
        return found;
    }

    private static void collect(AppenderAttachable<ILoggingEvent> holder, List<SmtpAppender> found,
            Map<Appender<?>, Boolean> seen) {
        for (Iterator<Appender<ILoggingEvent>> it = holder.iteratorForAppenders(); it.hasNext();) {
            Appender<ILoggingEvent> a = it.next();
            if (seen.put(a, Boolean.TRUE) != null) {
                continue;
            }
            if (a instanceof SmtpAppender smtp) {
                found.add(smtp);
            } else if (a instanceof AppenderAttachable<?> nested) {
                @SuppressWarnings("unchecked")
                AppenderAttachable<ILoggingEvent> inner = (AppenderAttachable<ILoggingEvent>) nested;
                collect(inner, found, seen);
            }
        }
    }

    static LoggerContext loggerContext() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    private static void close(RootAttachment current, String why) {
        if (current != null) {
            log.info("mailback: the starter's appender stops, since {}", why);
            current.close();
        }
    }

    /** The {@code @SpringBootApplication} class among the application's sources, else null. */
    private static Class<?> applicationClass(SpringApplication application) {
        for (Object source : application.getAllSources()) {
            if (source instanceof Class<?> c
                    && MergedAnnotations.from(c, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY).isPresent(SpringBootApplication.class)) {
                return c;
            }
        }
        return null;
    }

    /** Where a property was set, as Spring describes it ("class path resource [application.properties] - 3:22"). */
    private static String origin(ConfigurableEnvironment environment, String name) {
        ConfigurationPropertyName key = ConfigurationPropertyName.of(name);
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            ConfigurationProperty property = source.getConfigurationProperty(key);
            if (property != null) {
                return property.getOrigin() != null ? property.getOrigin().toString() : null;
            }
        }
        return null;
    }
}
