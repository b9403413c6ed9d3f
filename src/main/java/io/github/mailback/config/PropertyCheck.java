package io.github.mailback.config;

import io.github.mailback.ConfigurationProblem;
import io.github.mailback.mime.Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects what is wrong with the appender's properties, by property. Each method returns null (or 0)
 * for a wrong value, so that reading goes on and every problem is reported at once.
 */
final class PropertyCheck {
    /** Reads one value; may throw to say it is wrong. */
    interface Read<T> {
        T get() throws Exception;
    }

    private final List<ConfigurationProblem> problems = new ArrayList<>();

    List<ConfigurationProblem> problems() {
        return List.copyOf(problems);
    }

    <T> T fail(String property, String problem) {
        problems.add(new ConfigurationProblem(property, problem));
        return null;
    }

    /** The value read, or null after recording {@code problemPrefix} and what the read threw. */
    <T> T value(String property, String problemPrefix, Read<T> read) {
        try {
            return read.get();
        } catch (Exception e) {
            String detail = e instanceof IllegalArgumentException && e.getMessage() != null ? e.getMessage()
                    : e.toString();
            return fail(property, problemPrefix + detail);
        }
    }

    int atLeast(String property, int value, int min) {
        return atLeast(property, property, value, min);
    }

    /** {@code label}: how the message names the property, e.g. {@code cyclicBufferTracker bufferSize}. */
    int atLeast(String property, String label, int value, int min) {
        if (value < min) {
            fail(property, "the " + label + " property must be at least " + min + ": " + value);
            return 0;
        }
        return value;
    }

    Duration duration(String property, String text, boolean zeroAllowed) {
        return value(property, "the " + property + " property is wrong: ", () -> {
            Duration d = DurationProperty.parse(text);
            if (d.isNegative() || d.isZero() && !zeroAllowed) {
                throw new IllegalArgumentException("must be positive: " + text);
            }
            return d;
        });
    }

    List<Address> addresses(String property, List<String> lists) {
        return value(property, "the " + property + " property is not a usable address list: ", () -> {
            List<Address> result = new ArrayList<>();
            for (String list : lists) {
                result.addAll(Address.parseList(list));
            }
            return List.copyOf(result);
        });
    }
}
