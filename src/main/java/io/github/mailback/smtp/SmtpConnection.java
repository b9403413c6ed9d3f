package io.github.mailback.smtp;

import java.io.Closeable;
import java.io.IOException;

/** PLACEHOLDER: the session is being written. */
public final class SmtpConnection implements Closeable {
    static SmtpConnection open(SmtpClient client) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /** What the server offered in its (last) EHLO reply. */
    public Capabilities capabilities() {
        throw new UnsupportedOperationException("not yet");
    }

    /** True when the connection is protected by TLS (SMTPS, or after STARTTLS). */
    public boolean isEncrypted() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Sends one message; RSET before it when the connection was used already. */
    public SendResult send(Envelope envelope, MailContent content) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    /** Sends NOOP; false when the connection is gone and a new one is needed. */
    public boolean isUsable() {
        throw new UnsupportedOperationException("not yet");
    }

    /** Says QUIT (bounded wait) and closes the socket. Never throws. */
    @Override
    public void close() {
    }
}
