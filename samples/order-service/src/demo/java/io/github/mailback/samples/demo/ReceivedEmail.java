package io.github.mailback.samples.demo;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One email as received, reduced to what a reader sees: headers (mailback's counts among them), the text
 * part and the HTML part.
 */
record ReceivedEmail(String messageId, String from, String to, String date, String subject,
        Optional<Long> mailbackEvents, Optional<Long> uncleanExits, String text, Optional<String> html) {

    static final String EVENTS_HEADER = "X-Mailback-Events";
    static final String UNCLEAN_EXITS_HEADER = "X-Mailback-Unclean-Exits";

    static ReceivedEmail of(MimeMessage message) throws MessagingException, IOException {
        List<String> texts = new ArrayList<>();
        List<String> htmls = new ArrayList<>();
        collectBodies(message, texts, htmls);
        return new ReceivedEmail(
                messageId(message),
                addresses(message.getFrom()),
                addresses(message.getAllRecipients()),
                Optional.ofNullable(message.getHeader("Date", null)).orElse("(no Date header)"),
                Optional.ofNullable(message.getSubject()).orElse("(no subject)"),
                mailbackEvents(message),
                number(message, UNCLEAN_EXITS_HEADER),
                String.join("\n", texts),
                htmls.isEmpty() ? Optional.empty() : Optional.of(htmls.get(0)));
    }

    /** The number of triggering events this email reports; empty if the header is missing or not a number. */
    static Optional<Long> mailbackEvents(MimeMessage message) throws MessagingException {
        return number(message, EVENTS_HEADER);
    }

    /**
     * The Message-ID, which an email sent again after a kill keeps (its fate was unknown): emails with one
     * Message-ID are one email. An email without one (never from mailback) stands for itself.
     */
    static String messageId(MimeMessage message) throws MessagingException {
        String id = message.getHeader("Message-ID", null);
        return id == null ? "(no Message-ID: " + System.identityHashCode(message) + ")" : id.strip();
    }

    private static Optional<Long> number(MimeMessage message, String header) throws MessagingException {
        String value = message.getHeader(header, null);
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    // Walks multipart/alternative and multipart/mixed trees; attachments are not bodies to show.
    private static void collectBodies(Part part, List<String> texts, List<String> htmls)
            throws MessagingException, IOException {
        if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            return;
        }
        if (part.isMimeType("text/plain")) {
            texts.add(part.getContent().toString());
        } else if (part.isMimeType("text/html")) {
            htmls.add(part.getContent().toString());
        } else if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                collectBodies(child, texts, htmls);
            }
        }
    }

    private static String addresses(Address[] addresses) {
        if (addresses == null || addresses.length == 0) {
            return "(none)";
        }
        return java.util.Arrays.stream(addresses)
                .map(a -> a instanceof InternetAddress ia ? ia.toUnicodeString() : a.toString())
                .collect(Collectors.joining(", "));
    }
}
