package io.github.mailback.bench;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Properties;

/** Angus Mail set up the way a careful user would, as the peer of mailback's client. */
final class AngusMail {
    private AngusMail() {
    }

    /**
     * A session for smtp-sink with the timeouts mailback uses by default (connect 10 s, read 30 s) and the
     * same EHLO name. No write timeout: in Angus Mail that costs an extra thread per connection.
     */
    static Session session(int port) {
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", "127.0.0.1");
        props.setProperty("mail.smtp.port", Integer.toString(port));
        props.setProperty("mail.smtp.connectiontimeout", "10000");
        props.setProperty("mail.smtp.timeout", "30000");
        props.setProperty("mail.smtp.localhost", "localhost");
        props.setProperty("mail.smtp.from", SampleMessage.FROM);
        return Session.getInstance(props);
    }

    /** The sample message parsed once into a MimeMessage, checked to write back the same 1,024 octets. */
    static MimeMessage message(Session session) throws MessagingException, IOException {
        MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(SampleMessage.bytes()));
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        message.writeTo(written);
        if (written.size() != SampleMessage.SIZE) {
            throw new IllegalStateException("Angus Mail writes the sample as " + written.size() + " octets");
        }
        return message;
    }

    static Address[] recipients() throws AddressException {
        return new Address[] {new InternetAddress(SampleMessage.TO)};
    }
}
