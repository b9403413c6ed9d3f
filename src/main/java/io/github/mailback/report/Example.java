package io.github.mailback.report;

import io.github.mailback.mime.Header;
import java.util.List;

/**
 * A group's example: its triggering event, the events logged before it (formatted, oldest first), and
 * what the subject and header patterns gave for it.
 */
public record Example(EventSnapshot trigger, List<Formatted> before, String subject, List<Header> headers) {
    public Example {
        before = List.copyOf(before);
        headers = List.copyOf(headers);
    }
}
