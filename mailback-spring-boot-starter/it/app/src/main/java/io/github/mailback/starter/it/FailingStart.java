package io.github.mailback.starter.it;

import jakarta.annotation.PostConstruct;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * With test.fail-on-start=true the start fails while the context is refreshed (a bean that cannot be
 * created): Spring Boot logs "Application run failed" and the JVM exits. An appender attached only once
 * the context is refreshed would never see it.
 */
@Component
@ConditionalOnProperty("test.fail-on-start")
public class FailingStart {
    static final String MESSAGE = "Payment gateway unreachable at start";

    @PostConstruct
    public void connect() {
        throw new IllegalStateException(MESSAGE);
    }
}
