package io.github.mailback.smtp;

import io.github.mailback.internal.LocalHostName;
import io.github.mailback.oauth.TokenProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * An SMTP client (RFC 5321) for one server, or several tried in order: immutable, thread-safe, built
 * with {@link #builder()}. Each {@link #connect()} opens a new {@link SmtpConnection}; {@link #send} is
 * connect, send, quit.
 *
 * <pre>{@code
 * SmtpClient client = SmtpClient.builder().host("smtp.example.com").tls(TlsMode.STARTTLS)
 *         .credentials("alerts", password).build();
 * SendResult result = client.send(Envelope.of("app@example.com", "ops@example.com"), MailContent.of(bytes));
 * }</pre>
 */
public final class SmtpClient {
    /** Longest wait for this host's name when a client is built; later it gives the address literal instead. */
    static final long HELO_NAME_WAIT_MILLIS = 1_000;
    /** Time allowed to open the TCP connection unless the builder says otherwise: 10 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Time allowed for each read of a reply unless the builder says otherwise: 30 seconds. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Deadline for one connection set-up or one message unless the builder says otherwise: 120 seconds,
     * four reads' worth.
     */
    public static final Duration DEFAULT_MESSAGE_TIMEOUT = DEFAULT_READ_TIMEOUT.multipliedBy(4);

    /** Each host's connection settings, in the order tried. */
    private final List<Endpoint> endpoints;
    /** The deadline of one connection set-up (all hosts together) or one message. */
    private final Duration messageTimeout;

    private SmtpClient(List<Endpoint> endpoints, Duration messageTimeout) {
        this.endpoints = endpoints;
        this.messageTimeout = messageTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Connects, reads the greeting, says EHLO, starts TLS and authenticates as configured. With several
     * hosts, a failure before the session is ready moves on to the next host at once (a 5xx greeting
     * too: that server will not serve us), unless it is a 5xx reply after the greeting (a wrong password
     * is wrong everywhere); nothing has been sent then, so
     * nothing can arrive twice. Once a session is ready, its failures are final for this attempt.
     * All the tries together take at most {@code messageTimeout}: the next host gets what is left.
     */
    public SmtpConnection connect() throws IOException {
        long deadline = System.nanoTime() + messageTimeout.toNanos();
        if (endpoints.size() == 1) {
            return SmtpConnection.open(endpoints.get(0), deadline);
        }
        StringBuilder skipped = new StringBuilder();
        boolean anyTransient = false;
        SmtpException last = null;
        for (Endpoint one : endpoints) {
            if (last != null && deadline - System.nanoTime() <= 0) {
                skipped.append("; no time left for ").append(one.server());
                break;
            }
            try {
                SmtpConnection connection = SmtpConnection.open(one, deadline);
                connection.skipped = last == null ? null : skipped.toString();
                return connection;
            } catch (SmtpException e) {
                if (e.code() >= 500 && !e.getMessage().startsWith("greeting refused")) {
                    throw e; // refused after the greeting (AUTH, say): the same everywhere
                }
                String why = e.getMessage();
                skipped.append(last == null ? "" : "; ").append(why.contains(one.server()) ? "" : one.server() + ": ")
                        .append(why);
                anyTransient |= e.isTransient();
                last = e;
            }
        }
        // Transient when some host may work later: one on the wrong port does not make the others hopeless.
        throw new SmtpException("no server took the connection: " + skipped, last.reply(), anyTransient, last);
    }

    /** Sends one message on a new connection and closes it (QUIT). */
    public SendResult send(Envelope envelope, MailContent content) throws IOException {
        try (SmtpConnection connection = connect()) {
            return connection.send(envelope, content);
        }
    }

    /** The first host's connection settings. */
    Endpoint endpoint() {
        return endpoints.get(0);
    }

    /** The (first) host. */
    public String host() {
        return endpoints.get(0).host();
    }

    /** The (first) host's port. */
    public int port() {
        return endpoints.get(0).port();
    }

    /** Every host with its port, unresolved, in the order tried. */
    public List<InetSocketAddress> hosts() {
        List<InetSocketAddress> all = new ArrayList<>();
        for (Endpoint one : endpoints) {
            all.add(InetSocketAddress.createUnresolved(one.host(), one.port()));
        }
        return all;
    }

    public TlsMode tls() {
        return endpoints.get(0).tls();
    }

    /** The configuration without secrets. */
    @Override
    public String toString() {
        StringBuilder servers = new StringBuilder();
        for (Endpoint one : endpoints) {
            servers.append(servers.length() == 0 ? "" : ",").append(one.server());
        }
        Endpoint e = endpoints.get(0);
        return "SmtpClient{" + servers + ", tls=" + e.tls() + (e.username() != null ? ", user=" + e.username() : "")
                + (e.password() != null || e.tokens() != null ? ", credentials=<redacted>" : "") + "}";
    }

    /**
     * This machine's fully qualified name for EHLO, or null when it has none: then each connection
     * gives the address literal of its own end (RFC 5321 section 4.1.4). A host name that maps to
     * loopback would otherwise give {@code [127.0.0.1]}, which servers reject or score as spam. The name
     * comes from the JVM's one background lookup, waited for {@link #HELO_NAME_WAIT_MILLIS} at most:
     * slow DNS must not cost every connection seconds outside its timeouts.
     */
    static String defaultHeloName() {
        LocalHostName.Names names = LocalHostName.shared().get(HELO_NAME_WAIT_MILLIS);
        if (names == null || names.canonicalName() == null || names.canonicalName().isEmpty()) {
            return null;
        }
        String name = names.canonicalName().toLowerCase(Locale.ROOT);
        boolean literal = name.indexOf(':') >= 0 || Character.digit(name.charAt(name.length() - 1), 10) >= 0;
        if (name.indexOf('.') > 0 && !literal && !name.startsWith("localhost.") && !name.endsWith(".localhost")
                && !name.endsWith(".localdomain")) {
            return name;
        }
        return null;
    }

    /**
     * The server list as {@link Builder#host} reads it, unresolved, without building a client:
     * {@code host}, {@code host:port}, {@code [IPv6]} or {@code [IPv6]:port}, comma-separated; an entry
     * without a port gets {@code defaultPort}. Throws {@link IllegalArgumentException} naming a bad entry.
     */
    public static List<InetSocketAddress> parseHosts(String list, int defaultPort) {
        List<InetSocketAddress> all = new ArrayList<>();
        for (String raw : list.split(",", -1)) {
            String entry = raw.strip();
            String host = entry;
            String port = null;
            int colon = entry.lastIndexOf(':');
            if (entry.startsWith("[")) {
                int close = entry.indexOf(']');
                host = close < 0 ? "" : entry.substring(1, close);
                String rest = close < 0 ? "" : entry.substring(close + 1);
                if (!rest.isEmpty()) {
                    port = rest.startsWith(":") ? rest.substring(1) : "";
                }
            } else if (colon >= 0 && colon == entry.indexOf(':')) {
                // One colon: host:port. More are an IPv6 address without a port.
                host = entry.substring(0, colon);
                port = entry.substring(colon + 1);
            }
            int p = defaultPort;
            try {
                p = port == null ? defaultPort : Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -1;
            }
            boolean bad = host.isEmpty() || p < 1 || p > 65535;
            for (int i = 0; i < host.length(); i++) {
                char c = host.charAt(i);
                bad |= c <= ' ' || c == '[' || c == ']' || c == '/';
            }
            if (bad) {
                throw new IllegalArgumentException("bad host entry '" + entry + "' in '" + list
                        + "': expected host, host:port or [IPv6]:port, comma-separated");
            }
            all.add(InetSocketAddress.createUnresolved(host, p));
        }
        return all;
    }

    /** Builds an {@link SmtpClient}; every setting has a safe default but the host. */
    public static final class Builder {
        private String host;
        private int port;
        private TlsMode tls = TlsMode.NONE;
        private SSLContext sslContext;
        private boolean verifyHostname = true;
        private List<String> tlsProtocols;
        private List<String> cipherSuites;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private Duration messageTimeout = DEFAULT_MESSAGE_TIMEOUT;
        private String heloName;
        private String username;
        private String password;
        private TokenProvider tokens;
        private boolean allowClearTextAuth;
        private boolean pipelining = true;
        private SmtpTranscript transcript;

        private Builder() {
        }

        /**
         * The server: {@code host}, {@code host:port} or {@code [IPv6]:port}, or several of these
         * comma-separated, tried in order (see {@link SmtpClient#connect()}); {@link #port} is the default.
         */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** The port; 0 (the default) means the mode's usual port: 25, 587 or 465. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        public Builder tls(TlsMode tls) {
            this.tls = Objects.requireNonNull(tls, "tls");
            return this;
        }

        /** The TLS context whose trust managers judge the server; default: the JDK's default context. */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /**
         * The TLS versions offered, such as {@code TLSv1.3}; null or empty (the default) for the JDK's. One
         * the JDK does not know fails the handshake.
         */
        public Builder tlsProtocols(List<String> protocols) {
            this.tlsProtocols = protocols == null || protocols.isEmpty() ? null : List.copyOf(protocols);
            return this;
        }

        /** The cipher suites offered; null or empty (the default) for the JDK's. */
        public Builder cipherSuites(List<String> suites) {
            this.cipherSuites = suites == null || suites.isEmpty() ? null : List.copyOf(suites);
            return this;
        }

        /** Whether the server certificate must name the host (default true; turn off only for tests). */
        public Builder verifyHostname(boolean verify) {
            this.verifyHostname = verify;
            return this;
        }

        /** Time allowed to open the TCP connection (default {@link SmtpClient#DEFAULT_CONNECT_TIMEOUT}, 10 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** Time allowed for each read of a reply (default {@link SmtpClient#DEFAULT_READ_TIMEOUT}, 30 s). */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = positive(timeout, "readTimeout");
            return this;
        }

        /**
         * Overall deadline for one connection set-up or one message, whatever the server trickles (default
         * {@link SmtpClient#DEFAULT_MESSAGE_TIMEOUT}, 120 s).
         */
        public Builder messageTimeout(Duration timeout) {
            this.messageTimeout = positive(timeout, "messageTimeout");
            return this;
        }

        /** The name given in EHLO/HELO; default: this machine's name, or its address literal. */
        public Builder heloName(String name) {
            this.heloName = name == null ? null : Commands.checkArgument(name, "heloName");
            return this;
        }

        /** Authenticates with PLAIN, or LOGIN when the server offers only that. */
        public Builder credentials(String username, String password) {
            this.username = Objects.requireNonNull(username, "username");
            this.password = Objects.requireNonNull(password, "password");
            this.tokens = null;
            return this;
        }

        /** Authenticates with XOAUTH2 and this bearer token, which must stay valid as long as the client is used. */
        public Builder oauth2(String username, String token) {
            Objects.requireNonNull(token, "token");
            return oauth2(username, (user, timeout) -> token);
        }

        /**
         * Authenticates with XOAUTH2 and tokens from {@code tokens}, asked for one at each connection
         * (within the connection's deadline, {@link #messageTimeout}); after a 535 reply, once more for
         * a new token and a second try.
         */
        public Builder oauth2(String username, TokenProvider tokens) {
            this.username = Objects.requireNonNull(username, "username");
            this.tokens = Objects.requireNonNull(tokens, "tokens");
            this.password = null;
            return this;
        }

        /**
         * Allows AUTH over a connection that is not encrypted to a host that is not loopback. Off by
         * default: the password would cross the network in clear text.
         */
        public Builder allowClearTextAuth(boolean allow) {
            this.allowClearTextAuth = allow;
            return this;
        }

        /** Uses PIPELINING (RFC 2920) when the server offers it (default true). */
        public Builder pipelining(boolean pipelining) {
            this.pipelining = pipelining;
            return this;
        }

        /** Receives the dialogue, AUTH redacted. */
        public Builder transcript(SmtpTranscript transcript) {
            this.transcript = transcript;
            return this;
        }

        public SmtpClient build() {
            if (host == null || host.isBlank()) {
                throw new IllegalStateException("host is not set");
            }
            Commands.checkArgument(host, "host");
            List<InetSocketAddress> servers = parseHosts(host, port > 0 ? port : tls.defaultPort());
            String helo = heloName != null ? heloName : defaultHeloName();
            List<Endpoint> each = new ArrayList<>();
            for (InetSocketAddress server : servers) {
                each.add(new Endpoint(server.getHostString(), server.getPort(), tls, sslContext, verifyHostname,
                        tlsProtocols, cipherSuites, connectTimeout, readTimeout, messageTimeout, helo, username,
                        password, tokens, allowClearTextAuth, pipelining, transcript));
            }
            return new SmtpClient(List.copyOf(each), messageTimeout);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }
    }
}
