package io.github.mailback.samples.demo;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the order service says it logged: all events, and the ERROR events among them. */
record Tally(long events, long errors) {

    private static final Pattern LINE = Pattern.compile("^== tally: events=(\\d+) errors=(\\d+)$");

    /** Parses the service's tally line ({@code == tally: events=N errors=M}). */
    static Optional<Tally> parse(String line) {
        Matcher m = LINE.matcher(line.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Tally(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
    }
}
