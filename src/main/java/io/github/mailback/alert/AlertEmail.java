package io.github.mailback.alert;

import io.github.mailback.mime.Header;
import java.util.List;

/**
 * One digest email, composed and not yet encoded: subject and bodies as plain strings (header
 * encoding is the MIME writer's job), the number of triggering events it reports (the value of
 * {@code X-Mailback-Events}), its Message-ID with the ids it threads under, and the header fields
 * that depend on its groups (fingerprints, Outlook's conversation, the {@code header} property's).
 */
record AlertEmail(Route route, String subject, String text, String html, long events, String messageId,
        String inReplyTo, List<String> references, long epochMillis, List<Header> headers) {

    public AlertEmail {
        references = List.copyOf(references);
        headers = List.copyOf(headers);
    }
}
