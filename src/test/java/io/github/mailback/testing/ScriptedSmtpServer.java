package io.github.mailback.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;

/**
 * An in-process SMTP server for tests, in the manner of OkHttp's MockWebServer: bound to 127.0.0.1 on
 * a free port, one daemon thread per connection, every buffer and count bounded. By default it is a
 * plain ESMTP server that accepts everything (220 greeting; EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT)
 * and records every command line, which of them arrived in one socket read (pipelining), and each
 * message: envelope plus content before and after un-dot-stuffing.
 *
 * <p>Scripting, set before or during a test:
 * <ul>
 *   <li>{@link #capabilities} / {@link #capabilitiesAfterTls}: the EHLO keywords announced;
 *   <li>{@link #on(SmtpStage)} / {@link #on(SmtpStage, String)}: at a stage (optionally for an argument
 *       such as one recipient), {@code reply("550 ...")} (a 421 also hangs up), {@code disconnect()},
 *       {@code silence()} (stall), {@code hugeReplyLine(bytes)} (written lazily in chunks),
 *       {@code endlessContinuation()} ({@code 250-...} until the client hangs up), {@code trickle(interval)}
 *       (a reply that drips one octet at a time and never ends), {@code endlessChallenges()} (AUTH answered
 *       with 334 forever); {@code .once()} limits
 *       a rule to one use. {@code on(GREETING).silence()} is the "no greeting" server,
 *       {@code on(DATA_END).disconnect()} drops the connection after the final dot,
 *       {@code on(EHLO).reply("502 ...")} forces the fall-back to HELO;
 *   <li>{@link #stallAfterCommands}: stop answering after N commands on a connection;
 *   <li>{@link #startTls(SSLContext)} offers STARTTLS, {@link #injectAfterStartTls} writes extra bytes right
 *       after the {@code 220 Ready to start TLS} line (response injection, CVE-2011-0411 class);
 *       {@link #implicitTls(SSLContext)} speaks TLS from the first byte (SMTPS);
 *   <li>{@link #auth(String, String)} / {@link #oauth2(String, String)}: AUTH PLAIN, LOGIN and XOAUTH2 that
 *       accept exactly these credentials and answer 535 otherwise (for XOAUTH2 after a 334 error challenge,
 *       as Gmail does).
 * </ul>
 * Replies are given as the server writes them, without the final CRLF; several lines are separated by
 * {@code \n}.
 */
public final class ScriptedSmtpServer implements AutoCloseable {
    /** Longest command line accepted (RFC 5321 section 4.5.3.1.4 says 512; this server is lenient). */
    static final int MAX_LINE = 64 * 1024;
    /** Largest message content kept; larger ones are read to their end, dropped and refused with 552. */
    static final int MAX_DATA = 64 * 1024 * 1024;
    static final int MAX_CONNECTIONS = 16;
    static final int MAX_COMMANDS = 200_000;
    static final int MAX_MESSAGES = 10_000;
    /** How long a session waits for the client's next bytes before giving up. */
    static final int IDLE_TIMEOUT_MILLIS = 30_000;
    private static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    // Script, read by the sessions.
    volatile List<String> capabilities = List.of("PIPELINING", "SIZE 52428800", "8BITMIME", "ENHANCEDSTATUSCODES");
    volatile List<String> capabilitiesAfterTls;
    volatile SSLContext startTlsContext;
    volatile SSLContext implicitTlsContext;
    volatile String injectAfterStartTls;
    volatile int stallAfterCommands = -1;
    volatile String authUser;
    volatile String authPassword;
    volatile String oauthToken;
    volatile List<String> authMechanisms;
    volatile String serverName = "scripted.test";
    final List<ServerAction.Rule> rules = new CopyOnWriteArrayList<>();

    // Records, guarded by lock.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<RecordedCommand> commands = new ArrayList<>();
    private final List<RecordedMessage> messages = new ArrayList<>();
    private int messagesTaken;
    private int connections;
    private int openSessions;
    private int endedSessions;

    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final InetAddress bindAddress;
    private ServerSocket serverSocket;
    private Thread acceptor;
    private volatile boolean closed;

    /** A server that will listen on 127.0.0.1. */
    public ScriptedSmtpServer() {
        this(InetAddress.getLoopbackAddress());
    }

    /** A server that will listen on the given local address (keep it a loopback one). */
    public ScriptedSmtpServer(InetAddress bindAddress) {
        this.bindAddress = Objects.requireNonNull(bindAddress);
    }

    /** Binds a free port and starts accepting connections; returns this. */
    public ScriptedSmtpServer start() throws IOException {
        if (serverSocket != null) {
            throw new IllegalStateException("already started");
        }
        serverSocket = new ServerSocket();
        serverSocket.bind(new InetSocketAddress(bindAddress, 0), 50);
        acceptor = new Thread(this::acceptLoop, "scripted-smtp-acceptor-" + serverSocket.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        return this;
    }

    /** The port the server listens on. */
    public int port() {
        if (serverSocket == null) {
            throw new IllegalStateException("not started");
        }
        return serverSocket.getLocalPort();
    }

    /** The address the server listens on, as a literal, for example {@code 127.0.0.1}. */
    public String host() {
        return bindAddress.getHostAddress();
    }

    // ---- script ----------------------------------------------------------------------------------

    /** The EHLO keywords announced (before TLS, and after it too unless {@link #capabilitiesAfterTls} is set). */
    public ScriptedSmtpServer capabilities(String... keywords) {
        this.capabilities = List.of(keywords);
        return this;
    }

    /** The EHLO keywords announced once TLS is on, so a test can see the client forget the old ones. */
    public ScriptedSmtpServer capabilitiesAfterTls(String... keywords) {
        this.capabilitiesAfterTls = List.of(keywords);
        return this;
    }

    /** Offers STARTTLS (RFC 3207) and answers it with this server-side context. */
    public ScriptedSmtpServer startTls(SSLContext serverContext) {
        this.startTlsContext = serverContext;
        return this;
    }

    /** Writes these bytes in the same write as the {@code 220} reply to STARTTLS, in clear text. */
    public ScriptedSmtpServer injectAfterStartTls(String bytes) {
        this.injectAfterStartTls = bytes;
        return this;
    }

    /** Speaks TLS from the first byte, like port 465 (RFC 8314 section 3). */
    public ScriptedSmtpServer implicitTls(SSLContext serverContext) {
        this.implicitTlsContext = serverContext;
        return this;
    }

    /** Stops replying (but goes on reading) once a connection has sent this many commands. */
    public ScriptedSmtpServer stallAfterCommands(int count) {
        this.stallAfterCommands = count;
        return this;
    }

    /** Announces and accepts AUTH PLAIN and LOGIN with exactly these credentials. */
    public ScriptedSmtpServer auth(String user, String password) {
        this.authUser = user;
        this.authPassword = password;
        return this;
    }

    /** Announces and accepts AUTH XOAUTH2 for this user with exactly this bearer token. */
    public ScriptedSmtpServer oauth2(String user, String token) {
        this.authUser = user;
        this.oauthToken = token;
        return this;
    }

    /** The mechanisms announced in the EHLO reply (default: PLAIN LOGIN, or XOAUTH2 with {@link #oauth2}). */
    public ScriptedSmtpServer authMechanisms(String... mechanisms) {
        this.authMechanisms = List.of(mechanisms);
        return this;
    }

    /** A rule for every command of this stage. */
    public Script on(SmtpStage stage) {
        return new Script(stage, null);
    }

    /** A rule for commands of this stage whose argument contains the text (ignoring case), e.g. an address. */
    public Script on(SmtpStage stage, String argumentContains) {
        return new Script(stage, Objects.requireNonNull(argumentContains));
    }

    /** The action half of a rule; rules added first are tried first. */
    public final class Script {
        private final SmtpStage stage;
        private final String argument;
        private int times = -1;

        private Script(SmtpStage stage, String argument) {
            this.stage = stage;
            this.argument = argument;
        }

        /** Applies the rule to the next matching command only. */
        public Script once() {
            this.times = 1;
            return this;
        }

        /** Answers with this reply (lines separated by \n); a 421 reply also closes the connection. */
        public ScriptedSmtpServer reply(String reply) {
            return add(ServerAction.reply(reply));
        }

        /** Runs {@code first} on the session's thread, then answers with this reply: a test acts in between. */
        public ScriptedSmtpServer reply(String reply, Runnable first) {
            return add(ServerAction.reply(reply, Objects.requireNonNull(first)));
        }

        /** Closes the connection without a reply. */
        public ScriptedSmtpServer disconnect() {
            return add(ServerAction.of(ServerAction.Kind.DISCONNECT, 0));
        }

        /** Answers nothing, now or later, on this connection (it goes on reading). */
        public ScriptedSmtpServer silence() {
            return add(ServerAction.of(ServerAction.Kind.SILENCE, 0));
        }

        /** Answers with one {@code 250 xxxx...} line of this many octets, written lazily. */
        public ScriptedSmtpServer hugeReplyLine(long octets) {
            return add(ServerAction.of(ServerAction.Kind.HUGE_LINE, octets));
        }

        /** Answers {@code 250-...} continuation lines without end until the client hangs up. */
        public ScriptedSmtpServer endlessContinuation() {
            return add(ServerAction.of(ServerAction.Kind.ENDLESS_CONTINUATION, 0));
        }

        /** Starts a reply and sends one more octet every {@code interval}, never ending it (a slow-drip server). */
        public ScriptedSmtpServer trickle(Duration interval) {
            return add(ServerAction.of(ServerAction.Kind.TRICKLE, Math.max(1, interval.toMillis())));
        }

        /** For AUTH: answers every response with another 334 challenge until the client sends "*". */
        public ScriptedSmtpServer endlessChallenges() {
            return add(ServerAction.of(ServerAction.Kind.ENDLESS_CHALLENGE, 0));
        }

        private ScriptedSmtpServer add(ServerAction action) {
            rules.add(new ServerAction.Rule(stage, argument, action, times));
            return ScriptedSmtpServer.this;
        }
    }

    /** A multi-line reply of {@code lines} lines with this code, for scripts. */
    public static String multiLineReply(int code, int lines) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= lines; i++) {
            sb.append(code).append(i < lines ? '-' : ' ').append("line ").append(i);
            if (i < lines) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    ServerAction actionFor(SmtpStage stage, String argument) {
        for (ServerAction.Rule rule : rules) {
            if (rule.take(stage, argument)) {
                return rule.action;
            }
        }
        return null;
    }

    // ---- records ---------------------------------------------------------------------------------

    /** Every command line received so far, on all connections, in order. */
    public List<RecordedCommand> commands() {
        lock.lock();
        try {
            return List.copyOf(commands);
        } finally {
            lock.unlock();
        }
    }

    /** The text of every command line received so far. */
    public List<String> commandLines() {
        List<String> lines = new ArrayList<>();
        for (RecordedCommand c : commands()) {
            lines.add(c.line());
        }
        return lines;
    }

    /** The verbs of every command received so far, for example {@code [EHLO, MAIL, RCPT, DATA, QUIT]}. */
    public List<String> verbs() {
        List<String> verbs = new ArrayList<>();
        for (RecordedCommand c : commands()) {
            verbs.add(c.verb());
        }
        return verbs;
    }

    /**
     * The commands grouped by the socket read that delivered them, in order: a group of more than one
     * means the client sent them without waiting for replies (RFC 2920 pipelining).
     */
    public List<List<String>> commandBatches() {
        List<List<String>> batches = new ArrayList<>();
        RecordedCommand previous = null;
        for (RecordedCommand c : commands()) {
            if (previous == null || previous.connection() != c.connection() || previous.readBatch() != c.readBatch()) {
                batches.add(new ArrayList<>());
            }
            batches.get(batches.size() - 1).add(c.line());
            previous = c;
        }
        return batches;
    }

    /** Every message received so far. */
    public List<RecordedMessage> messages() {
        lock.lock();
        try {
            return List.copyOf(messages);
        } finally {
            lock.unlock();
        }
    }

    /** The next message not yet taken, waiting up to 10 s for it; fails the test when none comes. */
    public RecordedMessage takeMessage() {
        lock.lock();
        try {
            awaitLocked(() -> messages.size() > messagesTaken, DEFAULT_WAIT, "a message");
            return messages.get(messagesTaken++);
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to 10 s for a command matching the predicate and returns it; fails the test when none comes. */
    public RecordedCommand awaitCommand(Predicate<RecordedCommand> matching) {
        lock.lock();
        try {
            awaitLocked(() -> commands.stream().anyMatch(matching), DEFAULT_WAIT, "a matching command");
            return commands.stream().filter(matching).findFirst().orElseThrow();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to 10 s for a command line starting with this prefix (ignoring case). */
    public RecordedCommand awaitCommand(String prefix) {
        return awaitCommand(c -> c.startsWith(prefix));
    }

    /** Waits up to 10 s until every connection accepted so far has ended (the client hung up or was cut). */
    public void awaitSessionsEnded() {
        lock.lock();
        try {
            awaitLocked(() -> endedSessions == connections, DEFAULT_WAIT, "all sessions to end");
        } finally {
            lock.unlock();
        }
    }

    /** The number of connections accepted so far. */
    public int connectionCount() {
        lock.lock();
        try {
            return connections;
        } finally {
            lock.unlock();
        }
    }

    private void awaitLocked(java.util.function.BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what
                            + "; commands so far: " + commands);
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }

    /** Records a command; false when the server is over its command budget (the session then hangs up). */
    boolean record(RecordedCommand command) {
        lock.lock();
        try {
            if (commands.size() >= MAX_COMMANDS) {
                return false;
            }
            commands.add(command);
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    void record(RecordedMessage message) {
        lock.lock();
        try {
            if (messages.size() < MAX_MESSAGES) {
                messages.add(message);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- connections -----------------------------------------------------------------------------

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                return; // closed
            }
            int index;
            boolean tooMany;
            lock.lock();
            try {
                index = connections++;
                tooMany = openSessions >= MAX_CONNECTIONS;
                if (!tooMany) {
                    openSessions++;
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            if (tooMany) {
                refuse(socket);
                sessionEnded(false);
                continue;
            }
            sockets.add(socket);
            Thread thread = new Thread(() -> {
                try {
                    new ScriptedSmtpSession(this, socket, index).run();
                } finally {
                    sockets.remove(socket);
                    closeQuietly(socket);
                    sessionEnded(true);
                }
            }, "scripted-smtp-" + port() + "-" + index);
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void sessionEnded(boolean wasOpen) {
        lock.lock();
        try {
            if (wasOpen) {
                openSessions--;
            }
            endedSessions++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static void refuse(Socket socket) {
        try (socket) {
            socket.getOutputStream().write("421 4.3.2 Too many connections\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (IOException ignored) {
            // The client went away first.
        }
    }

    static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // Nothing to do.
        }
    }

    /** Stops accepting, cuts every open connection and waits briefly for the acceptor to end. */
    @Override
    public void close() {
        closed = true;
        if (serverSocket != null) {
            closeQuietly(serverSocket);
        }
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        if (acceptor != null) {
            try {
                acceptor.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    boolean isClosed() {
        return closed;
    }
}
