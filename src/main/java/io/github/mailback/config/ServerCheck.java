package io.github.mailback.config;

import ch.qos.logback.core.net.ssl.SSLConfigurableSocket;
import ch.qos.logback.core.net.ssl.SSLParametersConfiguration;
import io.github.mailback.SmtpAppenderProperties;
import io.github.mailback.oauth.TokenProvider;
import io.github.mailback.smtp.SmtpClient;
import io.github.mailback.smtp.TlsMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The server properties checked together, since they depend on each other: the host list, TLS, the
 * trust store, the EHLO name and the credentials, which must never cross the network in clear text.
 * Nothing is built or resolved here: a check at start must not depend on DNS.
 */
final class ServerCheck {
    final String host;
    final TlsMode tls;
    final SSLContext sslContext;
    /** From {@code <ssl><parameters>}: the TLS versions and cipher suites to offer, null for the JDK's. */
    final List<String> tlsProtocols;
    final List<String> cipherSuites;
    final String heloName;
    final TokenProvider oauth2;

    ServerCheck(SmtpAppenderProperties p, PropertyCheck check) {
        int port = p.getSmtpPort();
        if (port < 0 || port > 65535) {
            check.fail("smtpPort", "the smtpPort property is out of range: " + port);
        }
        if (p.isSTARTTLS() && p.isSSL()) {
            check.fail("SSL", "the STARTTLS and SSL properties are both true; choose one "
                    + "(SSL: implicit TLS, usually port 465; STARTTLS: upgrade, usually port 587)");
        }
        tls = p.isSSL() ? TlsMode.SMTPS : p.isSTARTTLS() ? TlsMode.STARTTLS : TlsMode.NONE;
        // A comma list of host, host:port or [IPv6]:port, tried in order.
        String list = p.getSmtpHost();
        int defaultPort = port > 0 && port <= 65535 ? port : tls.defaultPort();
        List<InetSocketAddress> hosts = list == null || list.isBlank()
                ? check.fail("smtpHost", "the smtpHost property is not set")
                : check.value("smtpHost", "the smtpHost property is wrong: ", () -> SmtpClient.parseHosts(list, defaultPort));
        host = hosts == null ? null : list;
        sslContext = p.getSsl() == null ? null
                : check.value("ssl", "the ssl property cannot make a TLS context: ", () -> p.getSsl().createContext(p));
        SSLParametersConfiguration parameters = p.getSsl() == null ? null : p.getSsl().getParameters();
        SSLParameters offered = parameters == null ? null : offered(parameters, sslContext, check);
        tlsProtocols = offered == null || parameters.getIncludedProtocols() == null && parameters.getExcludedProtocols() == null
                ? null : List.of(offered.getProtocols());
        cipherSuites = offered == null
                || parameters.getIncludedCipherSuites() == null && parameters.getExcludedCipherSuites() == null
                ? null : List.of(offered.getCipherSuites());
        String localhost = p.getLocalhost();
        heloName = localhost == null ? null : check.value("localhost", "the localhost property is not a usable name: ", () -> {
            SmtpClient.builder().heloName(localhost);
            return localhost;
        });

        String username = p.getUsername();
        String password = p.getPassword();
        TokenProvider tokens = p.getOauth2();
        oauth2 = tokens == null ? null : check.value("oauth2", "the oauth2 property is wrong: ", () -> {
            tokens.check();
            return tokens;
        });
        if (tokens != null && (username == null || password != null && !password.isEmpty())) {
            check.fail("oauth2", "the oauth2 property needs the username property (the mailbox) and no password property");
        }
        if (username != null && password == null && tokens == null) {
            check.fail("password", "the username property is set but the password property is not");
        }
        boolean allLoopback = true;
        for (InetSocketAddress h : hosts == null ? List.<InetSocketAddress>of() : hosts) {
            allLoopback &= isLoopback(h.getHostString());
        }
        if (username != null && tls == TlsMode.NONE && hosts != null && !allLoopback) {
            check.fail("STARTTLS", "username is set without STARTTLS or SSL: the " + (tokens == null ? "password" : "token")
                    + " would cross the network in clear text; set STARTTLS or SSL to true");
        }
    }

    /**
     * What {@code <ssl><parameters>} leaves offered, by Logback's own rules (included patterns, then
     * excluded ones, among what the TLS context supports), read off an unconnected socket. Client
     * authentication means something only on a server: it is refused. Its hostnameVerification, false
     * unless set, is not read: mailback always checks that the certificate names the host.
     */
    private static SSLParameters offered(SSLParametersConfiguration parameters, SSLContext context, PropertyCheck check) {
        if (Boolean.TRUE.equals(parameters.isNeedClientAuth()) || Boolean.TRUE.equals(parameters.isWantClientAuth())) {
            return check.fail("ssl", "the ssl property's needClientAuth and wantClientAuth parameters apply to a "
                    + "server; mailback is the client here: remove them");
        }
        return check.value("ssl", "the ssl property's parameters are wrong: ", () -> {
            SSLContext c = context != null ? context : SSLContext.getDefault();
            try (SSLSocket socket = (SSLSocket) c.getSocketFactory().createSocket()) {
                parameters.configure(new SSLConfigurableSocket(socket));
                SSLParameters result = socket.getSSLParameters();
                if (result.getProtocols().length == 0 || result.getCipherSuites().length == 0) {
                    throw new IllegalArgumentException("no TLS version or cipher suite is left to offer");
                }
                return result;
            }
        });
    }

    /**
     * True for {@code localhost} and loopback address literals. Names are not resolved here: a check
     * at start must not depend on DNS (the client checks the address it actually connects to).
     */
    static boolean isLoopback(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        boolean literal = h.indexOf(':') >= 0 || h.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        if (!literal) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (java.net.UnknownHostException | SecurityException e) {
            return false;
        }
    }
}
