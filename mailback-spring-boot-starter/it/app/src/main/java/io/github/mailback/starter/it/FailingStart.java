package io.github.mailback.starter.it;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** With test.fail-on-start=true the start fails: Spring Boot logs "Application run failed" and the JVM exits. */
@Component
@ConditionalOnProperty("test.fail-on-start")
public class FailingStart implements ApplicationRunner {
    static final String MESSAGE = "Payment gateway unreachable at start";

    @Override
    public void run(ApplicationArguments args) {
        throw new IllegalStateException(MESSAGE);
    }
}
