package io.github.mailback.mime;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/** A custom header field of a message, such as {@code X-Mailback-Events: 3}. */
public record Header(String name, String value) {
    /** Fields the writer produces itself or that would change where or how the message goes. */
    private static final Set<String> RESERVED = Set.of(
            "date", "from", "sender", "reply-to", "to", "cc", "bcc", "subject", "message-id",
            "in-reply-to", "references", "mime-version", "return-path", "received");

    /** Validates the name (RFC 5322 section 3.6.8 field name, not reserved) and the value (not null). */
    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty() || name.length() > 76) {
            throw new IllegalArgumentException("header name must have 1 to 76 characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 33 || c > 126 || c == ':') {
                throw new IllegalArgumentException("not a header name: " + HeaderText.clean(name));
            }
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (RESERVED.contains(lower) || lower.startsWith("content-") || lower.startsWith("resent-")) {
            throw new IllegalArgumentException("header written by the message writer, not settable: " + name);
        }
    }
}
