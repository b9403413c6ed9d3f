package io.github.mailback.alert;

import io.github.mailback.mime.Header;
import java.util.List;

/**
 * One digest email, composed and not yet encoded: subject and bodies as plain strings (header
 * encoding is the MIME writer's job), the number of triggering events it reports (the value of
 * {@code X-Mailback-Events}), its Message-ID with the ids it threads under, and the custom header
 * fields of the {@code header} property.
 */
record AlertEmail(Route route, String subject, String text, String html, long events, String messageId,
        String inReplyTo, List<String> references, long epochMillis, List<Header> headers) {

    /** The header every email carries: the number of triggering events it reports. */
    public static final String EVENTS_HEADER = "X-Mailback-Events";
    /**
     * What every email also says, so that no auto-reply comes back: RFC 3834 section 5's
     * {@code Auto-Submitted}, and Exchange's {@code X-Auto-Response-Suppress} (out-of-office replies and
     * the like), which Outlook and Exchange honour instead.
     */
    static final List<Header> AUTOMATIC = List.of(new Header("Auto-Submitted", "auto-generated"),
            new Header("X-Auto-Response-Suppress", "All"));

    public AlertEmail {
        references = List.copyOf(references);
        headers = List.copyOf(headers);
    }

    /** An email without custom header fields. */
    AlertEmail(Route route, String subject, String text, String html, long events, String messageId,
            String inReplyTo, List<String> references, long epochMillis) {
        this(route, subject, text, html, events, messageId, inReplyTo, references, epochMillis, List.of());
    }
}
