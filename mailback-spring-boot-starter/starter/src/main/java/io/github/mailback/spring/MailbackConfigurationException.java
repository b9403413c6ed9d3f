package io.github.mailback.spring;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code mailback.*} configuration has wrong values: the application does not start, and
 * {@link MailbackFailureAnalyzer} says which properties and what they expect.
 */
public class MailbackConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * One wrong property: its name ({@code mailback.rate-limit}, or the {@code spring.mail.*} property it
     * was taken from), its value as configured (null when unset, masked when secret), where that value
     * was set, and what is wrong with it.
     */
    public record Problem(String property, String value, String origin, String reason) {
    }

    private final transient List<Problem> problems;

    public MailbackConfigurationException(List<Problem> problems) {
        super("mailback is not configured right: " + problems.stream()
                .map(p -> p.property() + ": " + p.reason()).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    /** Every wrong property, not only the first. */
    public List<Problem> getProblems() {
        return problems;
    }
}
