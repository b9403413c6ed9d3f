package io.github.mailback;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/** GreenMail on loopback with an SMTP port chosen by the system (or a given one). */
final class MailServer implements AutoCloseable {
    private final GreenMail greenMail;

    private MailServer(int port) {
        this(port, ServerSetup.PROTOCOL_SMTP);
    }

    private MailServer(int port, String protocol) {
        ServerSetup setup = new ServerSetup(port, "127.0.0.1", protocol);
        greenMail = new GreenMail(setup);
        greenMail.start();
    }

    static MailServer start() {
        return new MailServer(0);
    }

    static MailServer startOn(int port) {
        return new MailServer(port);
    }

    /** SMTPS (implicit TLS) with GreenMail's own self-signed certificate, which names no host. */
    static MailServer startSmtps() {
        return new MailServer(0, ServerSetup.PROTOCOL_SMTPS);
    }

    int port() {
        return greenMail.getSmtp() != null ? greenMail.getSmtp().getPort() : greenMail.getSmtps().getPort();
    }

    List<MimeMessage> messages() {
        return Arrays.asList(greenMail.getReceivedMessages());
    }

    /** The copies delivered to mailboxes of this domain (envelope recipients, Bcc included). */
    List<MimeMessage> messagesForDomain(String domain) {
        return Arrays.asList(greenMail.getReceivedMessagesForDomain(domain));
    }

    /** The messages as received, once per recipient; distinct Message-IDs give the emails. */
    List<MimeMessage> distinctMessages() {
        return messages().stream().filter(distinctById()).toList();
    }

    private static java.util.function.Predicate<MimeMessage> distinctById() {
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        return m -> seen.add(header(m, "Message-ID"));
    }

    static String header(MimeMessage m, String name) {
        try {
            return m.getHeader(name, ",");
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    static long events(MimeMessage m) {
        String v = header(m, "X-Mailback-Events");
        if (v == null) {
            throw new AssertionError("no X-Mailback-Events header");
        }
        return Long.parseLong(v.trim());
    }

    static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    /** The whole message as text (headers and body), for content checks. */
    static String raw(MimeMessage m) {
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            m.writeTo(out);
            return out.toString(java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException | MessagingException e) {
            throw new AssertionError(e);
        }
    }

    /** Every text part of the message, decoded, concatenated. */
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
        } else if (content instanceof jakarta.mail.Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                collect(mp.getBodyPart(i).getContent(), sb);
            }
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
