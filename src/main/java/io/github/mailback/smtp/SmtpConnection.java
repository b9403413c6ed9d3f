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
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * One SMTP session, ready to send messages. Not thread-safe: one thread uses a connection at a time.
 *
 * <p>Lifecycle; each step checks the state it starts from:
 * <ol>
 *   <li>{@link SmtpClient#connect()}: TCP (then TLS for SMTPS) and the handshake: greeting, EHLO
 *       (HELO when refused), STARTTLS and a second EHLO, AUTH. State {@code READY}.</li>
 *   <li>{@link #send}: {@code beginTransaction}, RSET when the state was {@code IN_TRANSACTION}, and
 *       MAIL: state {@code IN_TRANSACTION}. Then RCPT for each recipient and DATA, with PIPELINING in
 *       the same write as MAIL ({@code pipelinedEnvelope}, RFC 2920), else each command waiting for its
 *       reply ({@code lockStepEnvelope}); {@code acceptedRecipients}; {@code openData}; and
 *       {@code writeContent}, the content and the final dot. A positive reply to the dot ends the
 *       transaction: state {@code READY}. A refusal leaves {@code IN_TRANSACTION}, so that the next
 *       send begins with RSET.</li>
 *   <li>{@link #close()}: QUIT, when the session is still in step. State {@code CLOSED}. A set-up that
 *       fails on a refusal (a 535 to AUTH, say) ends with QUIT too, and TLS is closed with close_notify:
 *       servers log a goodbye rather than a lost connection, which fail2ban-style rules punish.</li>
 * </ol>
 * In any state, a 421 reply, a protocol error, an I/O error or a timeout closes the connection
 * (RFC 5321 section 3.8): state {@code CLOSED}, where {@link #send} throws
 * {@link IllegalStateException} and {@link #isUsable()} is false.
 */
public final class SmtpConnection implements Closeable {
    private enum State {
        /** No mail transaction is open: the next one begins with MAIL. */
        READY,
        /**
         * MAIL has gone out and no positive reply to the final dot has come back: the server may still
         * hold the transaction, so the next one begins with RSET (RFC 5321 section 4.1.1.5). A completed
         * transaction needs none: the end of the mail data clears the server's buffers (section 4.1.1.4).
         */
        IN_TRANSACTION,
        /** Closed by {@link #close()} or by a failure. */
        CLOSED
    }

    /** Longest wait for the reply to QUIT, a courtesy: a silent server does not keep the caller. */
    private static final int QUIT_WAIT_MILLIS = 5000;

    private final Endpoint endpoint;
    private final SmtpWire wire;
    private final Watchdog watchdog;
    private Capabilities capabilities;
    private State state = State.READY;
    /** The hosts tried before this one, each with its failure; null when this was the first. */
    String skipped;

    private SmtpConnection(Endpoint endpoint, SmtpWire wire, Watchdog watchdog) {
        this.endpoint = endpoint;
        this.wire = wire;
        this.watchdog = watchdog;
    }

    /**
     * Opens a session with the client's one host, ready by {@code deadline} (nanoTime) at the latest:
     * with several hosts, the tries share one {@code messageTimeout}.
     */
    static SmtpConnection open(Endpoint endpoint, long deadline) throws IOException {
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        // No proxy: JVM-wide SOCKS settings are not meant for mail, and a proxy would defeat the loopback check.
        Socket socket = new Socket(Proxy.NO_PROXY);
        // Watches the plain socket for the connection's whole life: closing it also unblocks TLS above it.
        Watchdog watchdog = new Watchdog(socket);
        SmtpConnection connection = null;
        try {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), (int) Math.min(millis(endpoint.connectTimeout()), left));
            socket.setSoTimeout(millis(endpoint.readTimeout()));
            socket.setTcpNoDelay(true);
            watchdog.arm(Math.min(millis(endpoint.messageTimeout()), left));
            Socket session = socket;
            if (endpoint.tls() == TlsMode.SMTPS) {
                try {
                    session = SmtpWire.tlsHandshake(Handshake.tlsFactory(endpoint), socket, endpoint);
                } catch (SSLException e) {
                    throw PortProbe.check(endpoint, e);
                }
            }
            connection = new SmtpConnection(endpoint, new SmtpWire(session, endpoint.transcript()), watchdog);
            connection.capabilities = Handshake.run(connection.wire, endpoint, watchdog);
            return connection;
        } catch (RuntimeException | IOException e) {
            boolean deadlinePassed = watchdog.fired();
            if (connection != null) {
                // In step after a refusal: QUIT, so that the server logs a goodbye rather than a lost connection.
                connection.close();
            }
            watchdog.release();
            closeQuietly(socket);
            if (e instanceof IOException io) {
                throw Failures.translate(io, deadlinePassed, "connecting to " + endpoint.server());
            }
            throw e;
        } finally {
            watchdog.disarm();
        }
    }

    /** The server of this session, {@code host:port}. */
    public String server() {
        return endpoint.server();
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
        return state != State.CLOSED;
    }

    /**
     * Sends one message (RSET first when the previous transaction failed). Returns when the server
     * accepted it for at least one recipient; refused recipients are in the result. Throws
     * {@link SmtpException} when the message was not accepted (permanent, before anything is sent,
     * when the envelope or content needs SMTPUTF8, 8BITMIME or a larger SIZE than the server offers),
     * and {@link SmtpOutcomeUnknownException} when the connection broke after the final dot.
     */
    public SendResult send(Envelope envelope, MailContent content) throws IOException {
        if (state != State.READY && state != State.IN_TRANSACTION) {
            throw new IllegalStateException("state: " + state);
        }
        // A message the server cannot take is refused here, before anything is sent: the state stays.
        String mailFrom = MailFromCommand.of(envelope, content, capabilities, endpoint.host());
        watchdog.arm(millis(endpoint.messageTimeout()));
        try {
            EnvelopeReplies replies = endpoint.pipelining() && capabilities.pipelining()
                    ? pipelinedEnvelope(mailFrom, envelope.recipients())
                    : lockStepEnvelope(mailFrom, envelope.recipients());
            Recipients recipients = acceptedRecipients(envelope.recipients(), replies);
            openData(replies.data());
            SmtpReply done = writeContent(content);
            return new SendResult(recipients.accepted(), recipients.refused(), done, endpoint.server(), skipped);
        } catch (IOException e) {
            throw transactionFailed(e);
        } catch (RuntimeException e) {
            abort();
            throw e;
        } finally {
            watchdog.disarm();
        }
    }

    /** Enters {@code IN_TRANSACTION}; true when a transaction was left open and RSET must end it first. */
    private boolean beginTransaction() {
        if (state != State.READY && state != State.IN_TRANSACTION) {
            throw new IllegalStateException("state: " + state);
        }
        boolean reset = state == State.IN_TRANSACTION;
        state = State.IN_TRANSACTION;
        return reset;
    }

    /**
     * RSET when needed, MAIL, every RCPT and DATA in one write, then their replies in order
     * (RFC 2920 section 3.1: DATA ends the group, so the content waits for its reply).
     */
    private EnvelopeReplies pipelinedEnvelope(String mailFrom, List<String> recipients) throws IOException {
        boolean reset = beginTransaction();
        if (reset) {
            wire.command("RSET");
        }
        wire.command(mailFrom);
        for (String r : recipients) {
            wire.command("RCPT TO:<" + r + ">");
        }
        wire.command("DATA");
        if (reset) {
            try {
                expect(reply("RSET"), 250, "RSET");
            } catch (SmtpException refused) {
                // The replies to MAIL, RCPT and DATA are still on their way, and DATA may have opened:
                // the session is out of step, so it ends here rather than at the next read's timeout.
                abort();
                throw refused;
            }
        }
        SmtpReply mail = reply("MAIL FROM");
        List<SmtpReply> rcpts = new ArrayList<>(recipients.size());
        for (int i = 0; i < recipients.size(); i++) {
            rcpts.add(reply("RCPT TO"));
        }
        SmtpReply data = reply("DATA");
        if (data.code() == 354 && (!mail.isPositiveCompletion() || !anyAccepted(rcpts))) {
            // The server opened DATA although nothing can be delivered: end it empty (RFC 2920 section 3.1).
            new DotStuffingOutputStream(wire.data()).finish();
            wire.reply();
        }
        return new EnvelopeReplies(mail, rcpts, data);
    }

    /** RSET when needed, MAIL, then each RCPT while MAIL is accepted, every command waiting for its reply. */
    private EnvelopeReplies lockStepEnvelope(String mailFrom, List<String> recipients) throws IOException {
        if (beginTransaction()) {
            wire.command("RSET");
            expect(reply("RSET"), 250, "RSET");
        }
        wire.command(mailFrom);
        SmtpReply mail = reply("MAIL FROM");
        List<SmtpReply> rcpts = new ArrayList<>(recipients.size());
        if (mail.isPositiveCompletion()) {
            for (String r : recipients) {
                wire.command("RCPT TO:<" + r + ">");
                rcpts.add(reply("RCPT TO"));
            }
        }
        return new EnvelopeReplies(mail, rcpts, null);
    }

    /** Sorts the recipients by their replies; throws when MAIL or every RCPT was refused. */
    private Recipients acceptedRecipients(List<String> recipients, EnvelopeReplies replies) throws SmtpException {
        if (state != State.IN_TRANSACTION) {
            throw new IllegalStateException("state: " + state);
        }
        if (!replies.mail().isPositiveCompletion()) {
            throw Failures.refused("MAIL FROM", replies.mail());
        }
        Map<String, SmtpReply> refused = new LinkedHashMap<>();
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < replies.rcpts().size(); i++) {
            String r = recipients.get(i);
            if (replies.rcpts().get(i).isPositiveCompletion()) {
                accepted.add(r);
            } else {
                refused.put(r, replies.rcpts().get(i));
            }
        }
        if (accepted.isEmpty()) {
            throw Failures.allRecipientsRefused(refused);
        }
        return new Recipients(accepted, refused);
    }

    /** Sends DATA unless it went with the pipelined envelope ({@code pipelinedReply} not null); expects 354. */
    private void openData(SmtpReply pipelinedReply) throws IOException {
        if (state != State.IN_TRANSACTION) {
            throw new IllegalStateException("state: " + state);
        }
        SmtpReply data = pipelinedReply;
        if (data == null) {
            wire.command("DATA");
            data = reply("DATA");
        }
        expect(data, 354, "DATA");
    }

    /** Writes the content and the final dot (RFC 5321 section 4.5.2); a positive reply ends the transaction. */
    private SmtpReply writeContent(MailContent content) throws IOException {
        if (state != State.IN_TRANSACTION) {
            throw new IllegalStateException("state: " + state);
        }
        DotStuffingOutputStream body = new DotStuffingOutputStream(wire.data());
        content.writeTo(body);
        SmtpReply done;
        try {
            body.finish();
            done = wire.reply();
        } catch (IOException e) {
            // The terminator may have left, in part or whole: nobody can tell whether the server took the message.
            throw Failures.outcomeUnknown(endpoint.host(), e);
        }
        if (!done.isPositiveCompletion()) {
            throw Failures.refused("message", done);
        }
        state = State.READY;
        return done;
    }

    /**
     * A refusing reply leaves the session in step: the state stays {@code IN_TRANSACTION} and the
     * connection open. A 421, a protocol error, an I/O error or a timeout closes it.
     */
    private SmtpException transactionFailed(IOException e) {
        if (e instanceof SmtpException refusal && refusal.reply() != null && refusal.code() != 421) {
            return refusal;
        }
        abort();
        return Failures.translate(e, watchdog.fired(), "sending to " + endpoint.host());
    }

    /** Sends NOOP; false (and the connection closed) when it is gone and a new one is needed. */
    public boolean isUsable() {
        if (state == State.CLOSED) {
            return false;
        }
        watchdog.arm(millis(endpoint.readTimeout()));
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
        watchdog.arm(Math.min(millis(endpoint.readTimeout()), QUIT_WAIT_MILLIS));
        try {
            if (wire.inStep()) {
                wire.command("QUIT");
                wire.reply();
            }
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

    private static void expect(SmtpReply reply, int code, String command) throws SmtpException {
        if (reply.code() != code) {
            throw Failures.refused(command, reply);
        }
    }

    private static boolean anyAccepted(List<SmtpReply> rcpts) {
        for (SmtpReply r : rcpts) {
            if (r.isPositiveCompletion()) {
                return true;
            }
        }
        return false;
    }

    /** The replies to MAIL, to each RCPT sent, and to DATA when it went with them (pipelined), else null. */
    private record EnvelopeReplies(SmtpReply mail, List<SmtpReply> rcpts, SmtpReply data) {
    }

    private record Recipients(List<String> accepted, Map<String, SmtpReply> refused) {
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
