package io.github.mailback.smtp;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One SMTP session, ready to send messages. Not thread-safe: one thread uses a connection at a time.
 *
 * <p>Lifecycle, each step guarded by the state:
 * <ol>
 *   <li>{@link SmtpClient#connect()}: TCP (then TLS for SMTPS), greeting, EHLO (HELO when refused),
 *       STARTTLS and a second EHLO, AUTH. State {@code READY}.</li>
 *   <li>{@link #send}: RSET after a failed transaction, MAIL, RCPT for each recipient, DATA, the
 *       content, the final dot. With PIPELINING the commands up to DATA go in one write (RFC 2920).
 *       Back to {@code READY}, or {@code CLOSED} when the connection broke.</li>
 *   <li>{@link #close()}: QUIT and close. State {@code CLOSED}.</li>
 * </ol>
 * Any 421 reply, I/O error or timeout closes the connection (RFC 5321 section 3.8).
 */
public final class SmtpConnection implements Closeable {
    private enum State { READY, CLOSED }

    private final SmtpClient client;
    private final SmtpWire wire;
    private final Watchdog watchdog;
    private final Capabilities capabilities;
    private State state = State.READY;
    /**
     * True while a transaction is open or ended without a reply of 250 to the final dot: the next one
     * begins with RSET. A completed transaction needs none (RFC 5321 section 4.1.1.4: the end of the
     * mail data clears the server's buffers), so a healthy connection saves that command.
     */
    private boolean dirty;

    private SmtpConnection(SmtpClient client, SmtpWire wire, Watchdog watchdog, Capabilities capabilities) {
        this.client = client;
        this.wire = wire;
        this.watchdog = watchdog;
        this.capabilities = capabilities;
    }

    static SmtpConnection open(SmtpClient client) throws IOException {
        // No proxy: JVM-wide SOCKS settings are not meant for mail, and a proxy would defeat the loopback check.
        Socket socket = new Socket(Proxy.NO_PROXY);
        // Watches the plain socket for the connection's whole life: closing it also unblocks TLS above it.
        Watchdog watchdog = new Watchdog(socket);
        try {
            socket.connect(new InetSocketAddress(client.host, client.port), millis(client.connectTimeout));
            socket.setSoTimeout(millis(client.readTimeout));
            socket.setTcpNoDelay(true);
            watchdog.arm(millis(client.messageTimeout));
            Socket session = client.tls == TlsMode.SMTPS
                    ? SmtpWire.tlsHandshake(Handshake.tlsFactory(client), socket, client.host, client.port,
                            client.verifyHostname)
                    : socket;
            SmtpWire wire = new SmtpWire(session, client.transcript);
            return new SmtpConnection(client, wire, watchdog, Handshake.run(wire, client));
        } catch (RuntimeException e) {
            watchdog.release();
            closeQuietly(socket);
            throw e;
        } catch (IOException e) {
            watchdog.release();
            closeQuietly(socket);
            throw Failures.translate(e, watchdog.fired(), "connecting to " + client.host + ":" + client.port);
        } finally {
            watchdog.disarm();
        }
    }

    /** What the server offered in its last EHLO reply (after STARTTLS: the one over TLS). */
    public Capabilities capabilities() {
        return capabilities;
    }

    /** True when the connection is protected by TLS (SMTPS, or after STARTTLS). */
    public boolean isEncrypted() {
        return wire.isEncrypted();
    }

    /** True until the connection is closed, by {@link #close()} or by a failure. */
    public boolean isOpen() {
        return state == State.READY;
    }

    /**
     * Sends one message (RSET first when the previous transaction failed). Returns when the server accepted it for at least one recipient; refused
     * recipients are in the result. Throws {@link SmtpException} when the message was not accepted
     * (permanent, before anything is sent, when the envelope or content needs SMTPUTF8, 8BITMIME or a
     * larger SIZE than the server offers), and {@link SmtpOutcomeUnknownException} when the connection
     * broke after the final dot.
     */
    public SendResult send(Envelope envelope, MailContent content) throws IOException {
        if (state != State.READY) {
            throw new IllegalStateException("state: " + state);
        }
        String mailFrom = mailFromCommand(envelope, content);
        watchdog.arm(millis(client.messageTimeout));
        boolean dataSent = false;
        try {
            boolean pipelined = client.pipelining && capabilities.pipelining();
            boolean reset = dirty;
            dirty = true;
            SmtpReply mail;
            List<SmtpReply> rcpts = new ArrayList<>(envelope.recipients().size());
            SmtpReply data = null;
            if (pipelined) {
                // RFC 2920 section 3.1: RSET, MAIL, RCPT and DATA may all go in one group; DATA ends it.
                if (reset) {
                    wire.command("RSET");
                }
                wire.command(mailFrom);
                for (String r : envelope.recipients()) {
                    wire.command("RCPT TO:<" + r + ">");
                }
                wire.command("DATA");
                if (reset) {
                    expect(reply("RSET"), 250, "RSET");
                }
                mail = reply("MAIL FROM");
                for (int i = 0; i < envelope.recipients().size(); i++) {
                    rcpts.add(reply("RCPT TO"));
                }
                data = reply("DATA");
            } else {
                if (reset) {
                    wire.command("RSET");
                    expect(reply("RSET"), 250, "RSET");
                }
                wire.command(mailFrom);
                mail = reply("MAIL FROM");
                if (mail.isPositiveCompletion()) {
                    for (String r : envelope.recipients()) {
                        wire.command("RCPT TO:<" + r + ">");
                        rcpts.add(reply("RCPT TO"));
                    }
                }
            }
            if (data != null && data.code() == 354 && (!mail.isPositiveCompletion() || !anyAccepted(rcpts))) {
                // The server opened DATA although nothing can be delivered: end it empty (RFC 2920 section 3.1).
                new DotStuffingOutputStream(wire.data()).finish();
                wire.reply();
            }
            if (!mail.isPositiveCompletion()) {
                throw Failures.refused("MAIL FROM", mail);
            }
            Map<String, SmtpReply> refused = new LinkedHashMap<>();
            List<String> accepted = new ArrayList<>();
            for (int i = 0; i < rcpts.size(); i++) {
                String r = envelope.recipients().get(i);
                if (rcpts.get(i).isPositiveCompletion()) {
                    accepted.add(r);
                } else {
                    refused.put(r, rcpts.get(i));
                }
            }
            if (accepted.isEmpty()) {
                throw Failures.allRecipientsRefused(refused);
            }
            if (data == null) {
                wire.command("DATA");
                data = reply("DATA");
            }
            if (data.code() != 354) {
                throw Failures.refused("DATA", data);
            }
            DotStuffingOutputStream body = new DotStuffingOutputStream(wire.data());
            content.writeTo(body);
            dataSent = true;
            body.finish();
            SmtpReply done;
            try {
                done = wire.reply();
            } catch (IOException e) {
                throw Failures.outcomeUnknown(client.host, e);
            }
            if (!done.isPositiveCompletion()) {
                throw Failures.refused("message", done);
            }
            dirty = false;
            return new SendResult(accepted, refused, done);
        } catch (SmtpOutcomeUnknownException e) {
            abort();
            throw e;
        } catch (SmtpException e) {
            if (e.code() == 421 || e.reply() == null) {
                abort();
            }
            throw e;
        } catch (IOException e) {
            abort();
            if (dataSent) {
                // The terminator may have left in the last flush: nobody can tell whether it arrived.
                throw Failures.outcomeUnknown(client.host, e);
            }
            throw Failures.translate(e, watchdog.fired(), "sending to " + client.host);
        } catch (RuntimeException e) {
            abort();
            throw e;
        } finally {
            watchdog.disarm();
        }
    }

    private String mailFromCommand(Envelope envelope, MailContent content) throws SmtpException {
        StringBuilder mail = new StringBuilder("MAIL FROM:<").append(envelope.from()).append('>');
        long size = content.size();
        if (capabilities.size() && size >= 0) {
            long limit = capabilities.sizeLimit();
            if (limit > 0 && size > limit) {
                throw new SmtpException("message of " + size + " octets exceeds the server's limit of " + limit
                        + " (RFC 1870)", null, false, null);
            }
            mail.append(" SIZE=").append(size);
        }
        if (content.eightBit()) {
            if (!capabilities.eightBitMime()) {
                throw new SmtpException("the message has 8-bit content and " + client.host
                        + " does not offer 8BITMIME: encode it as 7-bit (quoted-printable or base64)", null,
                        false, null);
            }
            mail.append(" BODY=8BITMIME");
        }
        if (envelope.needsSmtpUtf8()) {
            if (!capabilities.smtpUtf8()) {
                throw new SmtpException("the envelope has a non-ASCII address and " + client.host
                        + " does not offer SMTPUTF8 (RFC 6531)", null, false, null);
            }
            mail.append(" SMTPUTF8");
        }
        return mail.toString();
    }

    /** Sends NOOP; false (and the connection closed) when it is gone and a new one is needed. */
    public boolean isUsable() {
        if (state != State.READY) {
            return false;
        }
        watchdog.arm(millis(client.readTimeout));
        try {
            wire.command("NOOP");
            if (wire.reply().code() == 250) {
                return true;
            }
        } catch (IOException | RuntimeException e) {
            // Fall through: a connection that cannot NOOP cannot send.
        } finally {
            watchdog.disarm();
        }
        abort();
        return false;
    }

    /** Says QUIT, waits a moment for the reply, and closes the socket. Never throws. */
    @Override
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        // QUIT is a courtesy: don't let a silent server keep the caller beyond a short wait.
        watchdog.arm(Math.min(millis(client.readTimeout), 5000));
        try {
            wire.command("QUIT");
            wire.reply();
        } catch (IOException | RuntimeException ignored) {
            // Closing anyway.
        } finally {
            watchdog.disarm();
            abort();
        }
    }

    private void abort() {
        state = State.CLOSED;
        watchdog.release();
        wire.close();
    }

    /**
     * Reads the reply to {@code command}; a 421 ends the session at once (RFC 5321 section 3.8), so
     * the replies still expected after it are not waited for.
     */
    private SmtpReply reply(String command) throws IOException {
        SmtpReply reply = wire.reply();
        if (reply.code() == 421) {
            throw Failures.refused(command, reply);
        }
        return reply;
    }

    private static boolean anyAccepted(List<SmtpReply> rcpts) {
        for (SmtpReply r : rcpts) {
            if (r.isPositiveCompletion()) {
                return true;
            }
        }
        return false;
    }

    private static void expect(SmtpReply reply, int code, String command) throws SmtpException {
        if (reply.code() != code) {
            throw Failures.refused(command, reply);
        }
    }

    private static int millis(java.time.Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing more to release.
        }
    }
}
