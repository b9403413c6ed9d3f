package io.github.mailback.alert;

import io.github.mailback.mime.Address;
import io.github.mailback.mime.Header;
import io.github.mailback.mime.Message;
import io.github.mailback.mime.MessageWriter;
import io.github.mailback.report.EmailHeaders;
import io.github.mailback.smtp.Envelope;
import io.github.mailback.smtp.MailContent;
import io.github.mailback.smtp.SendResult;
import io.github.mailback.smtp.SmtpClient;
import io.github.mailback.smtp.SmtpConnection;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Turns a digest email into a MIME message and sends it on a new SMTP connection. Each email gets
 * its own connection: alerts are rare (rate limited), and an idle connection held open for minutes
 * would only be dropped by the server.
 */
final class SmtpTransport implements Transport {
    private final Function<Duration, SmtpClient> clients;
    private final Address from;
    private final List<Address> cc;
    private final List<Address> bcc;
    private final List<Address> replyTo;
    private final ZoneId zone;

    /**
     * @param clients makes the client for one attempt; given a time budget (or null for the
     *     configured timeouts) it caps the client's timeouts to it
     */
    public SmtpTransport(Function<Duration, SmtpClient> clients, Address from, List<Address> cc, List<Address> bcc,
            List<Address> replyTo, ZoneId zone) {
        this.clients = clients;
        this.from = from;
        this.cc = List.copyOf(cc);
        this.bcc = List.copyOf(bcc);
        this.replyTo = List.copyOf(replyTo);
        this.zone = zone;
    }

    /** The MIME message for an email (the header of counted events included). */
    public Message message(AlertEmail email) {
        List<Address> to = new ArrayList<>();
        for (String a : email.route().to()) {
            to.add(Address.parse(a));
        }
        Message.Builder b = Message.builder().from(from).to(to).cc(cc).bcc(bcc).replyTo(replyTo)
                .subject(email.subject())
                .date(Instant.ofEpochMilli(email.epochMillis()).atZone(zone))
                .messageId(email.messageId())
                .inReplyTo(email.inReplyTo())
                .references(email.references())
                .header(EmailHeaders.EVENTS, Long.toString(email.events()))
                .text(email.text());
        for (Header h : EmailHeaders.AUTOMATIC) {
            b.header(h.name(), h.value());
        }
        for (Header h : email.headers()) {
            b.header(h.name(), h.value());
        }
        if (email.html() != null) {
            b.html(email.html());
        }
        return b.build();
    }

    @Override
    public SendResult send(AlertEmail email, List<String> only, long budgetNanos) throws IOException {
        Message m = message(email);
        // The same message, headers unchanged, in a new transaction to these recipients alone (RFC 5321 3.3).
        Envelope envelope = only == null ? m.envelope() : Envelope.of(m.envelope().from(), only);
        return send(m, envelope, clients.apply(budgetNanos == Long.MAX_VALUE ? null : Duration.ofNanos(budgetNanos)));
    }

    /** Sends one message on a new connection through {@code client}. */
    public static SendResult send(Message message, SmtpClient client) throws IOException {
        return send(message, message.envelope(), client);
    }

    private static SendResult send(Message message, Envelope envelope, SmtpClient client) throws IOException {
        try (SmtpConnection connection = client.connect()) {
            // 8-bit bodies only when the server announced 8BITMIME (RFC 6152); otherwise quoted-printable.
            MailContent content = MessageWriter.content(message, connection.capabilities().eightBitMime());
            return connection.send(envelope, content);
        }
    }
}
