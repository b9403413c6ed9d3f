package io.github.mailback.smtp;

import io.github.mailback.oauth.TokenProvider;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Everything one connection needs, in one value: the server (one host of the client's list), how to
 * protect it, the time it may take, who to authenticate as, and the name to give in EHLO. The session
 * ({@link SmtpConnection}, {@link Handshake}, {@link Authenticator}, {@link PortProbe}) reads this and
 * nothing else of its client.
 *
 * @param heloName the name for EHLO, or null for the address literal of the connection's own end
 * @param username null for no AUTH
 * @param password null unless AUTH with a password
 * @param tokens null unless AUTH XOAUTH2
 * @param tlsProtocols the TLS versions to offer, or null for the JDK's
 * @param cipherSuites the cipher suites to offer, or null for the JDK's
 * @param transcript null for none
 */
record Endpoint(String host, int port, TlsMode tls, SSLContext sslContext, boolean verifyHostname,
        List<String> tlsProtocols, List<String> cipherSuites, Duration connectTimeout, Duration readTimeout,
        Duration messageTimeout, String heloName, String username, String password, TokenProvider tokens,
        boolean allowClearTextAuth, boolean pipelining, SmtpTranscript transcript) {

    /** {@code host:port}, an IPv6 literal in brackets. */
    String server() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
