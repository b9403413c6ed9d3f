package io.github.mailback.smtp;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * The SMTP envelope of one message: the reverse path (MAIL FROM) and the recipients (RCPT TO).
 * Bcc recipients belong here and nowhere in the message's headers.
 */
public final class Envelope {
    private final String from;
    private final List<String> recipients;

    private Envelope(String from, List<String> recipients) {
        this.from = from;
        this.recipients = recipients;
    }

    /**
     * An envelope from {@code from} (the empty string for the null reverse path {@code <>}) to the
     * given recipients, in order, duplicates removed. Throws {@link IllegalArgumentException} on a bad
     * address or no recipient.
     */
    public static Envelope of(String from, List<String> recipients) {
        Objects.requireNonNull(from, "from");
        if (!from.isEmpty()) {
            Mailbox.check(from);
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String r : recipients) {
            unique.add(Mailbox.check(r));
        }
        if (unique.isEmpty()) {
            throw new IllegalArgumentException("no recipient");
        }
        return new Envelope(from, List.copyOf(unique));
    }

    /** Shorthand for {@link #of(String, List)}. */
    public static Envelope of(String from, String... recipients) {
        return of(from, List.of(recipients));
    }

    /** The reverse path; empty for the null sender. */
    public String from() {
        return from;
    }

    /** The recipients, in the order RCPT TO is sent. */
    public List<String> recipients() {
        return recipients;
    }

    /** True when some address needs SMTPUTF8 (RFC 6531). */
    public boolean needsSmtpUtf8() {
        if (!Mailbox.isAscii(from)) {
            return true;
        }
        for (String r : recipients) {
            if (!Mailbox.isAscii(r)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "Envelope{from=<" + from + ">, to=" + recipients + "}";
    }
}
