package io.github.mailback.starter.it;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * GreenMail as the application's mail server, on a port bound from 0, with one user whose password it
 * checks when a client authenticates.
 */
final class Mailbox implements AutoCloseable {
    static final String USER = "alerts@example.com";
    static final String PASSWORD = "s3cret-pass";

    private final GreenMail greenMail;

    Mailbox() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.withConfiguration(GreenMailConfiguration.aConfig().withUser(USER, USER, PASSWORD));
        greenMail.start();
    }

    int port() {
        return greenMail.getSmtp().getPort();
    }

    /** The emails received, once each (GreenMail keeps a copy per recipient). */
    List<MimeMessage> emails() {
        Set<String> seen = new HashSet<>();
        List<MimeMessage> emails = new ArrayList<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            if (seen.add(header(m, "Message-ID"))) {
                emails.add(m);
            }
        }
        return emails;
    }

    /** The alerts: the emails that report events (a test email reports none). */
    List<MimeMessage> alerts() {
        return emails().stream().filter(m -> events(m) > 0).toList();
    }

    long eventsReported() {
        return emails().stream().mapToLong(Mailbox::events).sum();
    }

    static long events(MimeMessage m) {
        String v = header(m, "X-Mailback-Events");
        if (v == null) {
            throw new AssertionError("an email without X-Mailback-Events: " + header(m, "Subject"));
        }
        return Long.parseLong(v.trim());
    }

    static String header(MimeMessage m, String name) {
        try {
            return m.getHeader(name, ",");
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    /** Every text part, decoded. */
    static String body(MimeMessage m) {
        try {
            StringBuilder sb = new StringBuilder();
            collect(m.getContent(), sb);
            return sb.toString();
        } catch (IOException | MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static void collect(Object content, StringBuilder sb) throws IOException, MessagingException {
        if (content instanceof String s) {
            sb.append(s).append('\n');
        } else if (content instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                collect(mp.getBodyPart(i).getContent(), sb);
            }
        }
    }

    /** One line per email: events and subject, for the test's output. */
    String summary() {
        StringBuilder sb = new StringBuilder();
        for (MimeMessage m : emails()) {
            sb.append("X-Mailback-Events: ").append(header(m, "X-Mailback-Events")).append(" | ").append(subject(m)).append('\n');
        }
        return sb.toString();
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
