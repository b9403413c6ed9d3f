package io.github.mailback.report;

import io.github.mailback.mime.Header;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A group's example: its triggering event, the events logged before it (formatted, oldest first), what
 * the subject and header patterns gave for it, and how many values its redaction replaced, by rule name.
 */
public record Example(EventSnapshot trigger, List<Formatted> before, String subject, List<Header> headers,
        Map<String, Integer> redacted) {
    public Example {
        before = List.copyOf(before);
        headers = List.copyOf(headers);
        redacted = Collections.unmodifiableMap(new LinkedHashMap<>(redacted));
    }

    /** An example in which nothing was redacted. */
    public Example(EventSnapshot trigger, List<Formatted> before, String subject, List<Header> headers) {
        this(trigger, before, subject, headers, Map.of());
    }
}
