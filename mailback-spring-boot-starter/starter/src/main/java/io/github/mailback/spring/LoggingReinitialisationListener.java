package io.github.mailback.spring;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Runs just before Spring Boot's {@link LoggingApplicationListener} initialises logging (again, after a
 * devtools restart for example), and tells the starter's appender that the {@code LoggerContext.stop()}
 * that comes with it is not the application's end: the appender must go on, not send a final digest.
 * {@link MailbackApplicationListener}, which runs just after, ends that state.
 */
public class LoggingReinitialisationListener implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {
    public static final int ORDER = LoggingApplicationListener.DEFAULT_ORDER - 1;

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        if (MailbackApplicationListener.LOGBACK_PRESENT && StarterLifecycle.logbackIsTheLoggingSystem()) {
            StarterLifecycle.beforeLoggingInitialised();
        }
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
