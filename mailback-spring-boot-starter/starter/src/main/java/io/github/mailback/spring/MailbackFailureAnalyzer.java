package io.github.mailback.spring;

import io.github.mailback.spring.MailbackConfigurationException.Problem;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link MailbackConfigurationException} as Spring Boot explains its own properties: each
 * wrong property with its value, where it was set, and what it expects (the appender's own check).
 */
public class MailbackFailureAnalyzer extends AbstractFailureAnalyzer<MailbackConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MailbackConfigurationException cause) {
        StringBuilder description = new StringBuilder("mailback, which mails the application's errors, is not configured right:\n");
        for (Problem p : cause.getProblems()) {
            description.append("\n    Property: ").append(p.property());
            if (p.value() != null) {
                description.append("\n    Value: \"").append(p.value()).append('"');
            }
            if (p.origin() != null) {
                description.append("\n    Origin: ").append(p.origin());
            }
            description.append("\n    Reason: ").append(p.reason()).append('\n');
        }
        String action = "Update your application's configuration: the mailback.* properties are described in the"
                + " mailback Spring Boot starter's README, and in your IDE. To start without mailback, set"
                + " mailback.enabled=false.";
        return new FailureAnalysis(description.toString(), action, cause);
    }
}
