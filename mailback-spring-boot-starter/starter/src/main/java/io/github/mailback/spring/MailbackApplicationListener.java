package io.github.mailback.spring;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

/**
 * Attaches the starter's appender to the root logger right after Spring Boot initialised logging, when
 * the environment is ready and the application context does not exist yet: a start that fails later
 * ("Application run failed") is mailed. Registered in {@code META-INF/spring.factories}, so that it
 * runs before any bean exists; it runs just after Spring Boot's {@link LoggingApplicationListener}.
 */
public class MailbackApplicationListener implements GenericApplicationListener {
    /** Just after Spring Boot's logging listener, whose initialisation resets Logback. */
    public static final int ORDER = LoggingApplicationListener.DEFAULT_ORDER + 1;

    static final boolean LOGBACK_PRESENT = ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext",
            MailbackApplicationListener.class.getClassLoader());

    @Override
    public boolean supportsEventType(ResolvableType eventType) {
        Class<?> type = eventType.getRawClass();
        return type != null && (ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(type)
                || ApplicationFailedEvent.class.isAssignableFrom(type));
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (!LOGBACK_PRESENT || !StarterLifecycle.logbackIsTheLoggingSystem()) {
            return;
        }
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            StarterLifecycle.afterLoggingInitialised(prepared.getEnvironment(), prepared.getSpringApplication());
        } else if (event instanceof ApplicationFailedEvent) {
            StarterLifecycle.startFailed();
        }
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
