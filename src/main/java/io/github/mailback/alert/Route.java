package io.github.mailback.alert;

import java.util.List;

/**
 * Where an email goes: the {@code to} addresses resolved from the appender's patterns for one event.
 * Groups with different routes are mailed separately.
 */
record Route(List<String> to) {
    public Route {
        to = List.copyOf(to);
    }
}
