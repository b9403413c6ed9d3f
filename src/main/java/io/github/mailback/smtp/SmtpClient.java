package io.github.mailback.smtp;

import io.github.mailback.oauth.TokenProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * An SMTP client (RFC 5321) for one server: immutable, thread-safe, built with {@link #builder()}.
 * Each {@link #connect()} opens a new {@link SmtpConnection}; {@link #send} is connect, send, quit.
 *
 * <pre>{@code
 * SmtpClient client = SmtpClient.builder().host("smtp.example.com").tls(TlsMode.STARTTLS)
 *         .credentials("alerts", password).build();
 * SendResult result = client.send(Envelope.of("app@example.com", "ops@example.com"), MailContent.of(bytes));
 * }</pre>
 */
public final class SmtpClient {
    /** Time allowed to open the TCP connection unless the builder says otherwise: 10 seconds. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Time allowed for each read of a reply unless the builder says otherwise: 30 seconds. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Deadline for one connection set-up or one message unless the builder says otherwise: 120 seconds,
     * four reads' worth.
     */
    public static final Duration DEFAULT_MESSAGE_TIMEOUT = DEFAULT_READ_TIMEOUT.multipliedBy(4);

    final String host;
    final int port;
    final TlsMode tls;
    final SSLContext sslContext;
    final boolean verifyHostname;
    final Duration connectTimeout;
    final Duration readTimeout;
    final Duration messageTimeout;
    final String heloName;
    final String username;
    final String password;
    final TokenProvider tokens;
    final boolean allowClearTextAuth;
    final boolean pipelining;
    final SmtpTranscript transcript;

    private SmtpClient(Builder b) {
        this.host = b.host;
        this.port = b.port > 0 ? b.port : b.tls.defaultPort();
        this.tls = b.tls;
        this.sslContext = b.sslContext;
        this.verifyHostname = b.verifyHostname;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.messageTimeout = b.messageTimeout;
        this.heloName = b.heloName != null ? b.heloName : defaultHeloName();
        this.username = b.username;
        this.password = b.password;
        this.tokens = b.tokens;
        this.allowClearTextAuth = b.allowClearTextAuth;
        this.pipelining = b.pipelining;
        this.transcript = b.transcript;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Connects, reads the greeting, says EHLO, starts TLS and authenticates as configured. */
    public SmtpConnection connect() throws IOException {
        return SmtpConnection.open(this);
    }

    /** Sends one message on a new connection and closes it (QUIT). */
    public SendResult send(Envelope envelope, MailContent content) throws IOException {
        try (SmtpConnection connection = connect()) {
            return connection.send(envelope, content);
        }
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public TlsMode tls() {
        return tls;
    }

    /** The configuration without secrets. */
    @Override
    public String toString() {
        return "SmtpClient{" + host + ":" + port + ", tls=" + tls + (username != null ? ", user=" + username : "")
                + (password != null || tokens != null ? ", credentials=<redacted>" : "") + "}";
    }

    /** This machine's fully qualified name for EHLO, or an address literal when it has none (RFC 5321 4.1.4). */
    static String defaultHeloName() {
        try {
            InetAddress local = InetAddress.getLocalHost();
            String name = local.getCanonicalHostName();
            if (name.indexOf('.') > 0 && !name.equals(local.getHostAddress())) {
                return name;
            }
            return local.getAddress().length == 4 ? "[" + local.getHostAddress() + "]"
                    : "[IPv6:" + local.getHostAddress() + "]";
        } catch (UnknownHostException | SecurityException e) {
            return "[127.0.0.1]";
        }
    }

    /** Builds an {@link SmtpClient}; every setting has a safe default but the host. */
    public static final class Builder {
        private String host;
        private int port;
        private TlsMode tls = TlsMode.NONE;
        private SSLContext sslContext;
        private boolean verifyHostname = true;
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
            return new SmtpClient(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }
    }
}
