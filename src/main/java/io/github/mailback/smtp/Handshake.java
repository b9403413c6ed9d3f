package io.github.mailback.smtp;

import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

/**
 * The opening of a session, up to the first transaction: greeting, EHLO (HELO when refused),
 * STARTTLS and a second EHLO, AUTH. Ends with what the server offers, or throws.
 */
final class Handshake {
    private Handshake() {
    }

    /**
     * Runs the handshake on a connected wire (already TLS for SMTPS) and returns the server's
     * capabilities; {@code deadline} is the connection's, which a token fetch counts against.
     */
    static Capabilities run(SmtpWire wire, Endpoint endpoint, Watchdog deadline) throws IOException {
        // An SMTPS server says nothing until it hears a ClientHello: after a short silence, ask it.
        if (endpoint.tls() != TlsMode.SMTPS && PortProbe.mayProbe(endpoint.port()) && !wire.awaitData(PortProbe.waitMillis(endpoint))) {
            PortProbe.checkSilence(endpoint);
        }
        SmtpReply greeting = wire.reply();
        if (greeting.code() != 220) {
            // 554 means "no service here" (RFC 5321 section 3.1); 421 means "not now".
            throw Failures.refused("greeting", greeting);
        }
        Capabilities capabilities = hello(wire, endpoint);
        if (endpoint.tls() == TlsMode.STARTTLS) {
            startTls(wire, endpoint, capabilities);
            // RFC 3207 section 4.2: forget everything learned before TLS and ask again.
            capabilities = hello(wire, endpoint);
        }
        if (endpoint.username() != null) {
            Authenticator.authenticate(wire, capabilities, endpoint, deadline);
        }
        return capabilities;
    }

    private static Capabilities hello(SmtpWire wire, Endpoint endpoint) throws IOException {
        // Without a fully qualified name, the address literal of this end of the connection (RFC 5321 4.1.4).
        String name = endpoint.heloName() != null ? endpoint.heloName() : wire.localAddressLiteral();
        wire.command("EHLO " + name);
        SmtpReply reply = wire.reply();
        if (reply.code() == 250) {
            return Capabilities.parse(reply.lines());
        }
        if (reply.code() != 500 && reply.code() != 502) {
            throw Failures.refused("EHLO", reply);
        }
        // RFC 5321 section 4.1.4: a server that does not know EHLO still knows HELO.
        wire.command("HELO " + name);
        reply = wire.reply();
        if (reply.code() != 250) {
            throw Failures.refused("HELO", reply);
        }
        return Capabilities.NONE;
    }

    /** STARTTLS is required when asked for: a server that does not offer it is a failure, never clear text. */
    private static void startTls(SmtpWire wire, Endpoint endpoint, Capabilities capabilities) throws IOException {
        if (!capabilities.startTls()) {
            throw new SmtpException("STARTTLS is required but " + endpoint.host() + " does not offer it", null,
                    false, null);
        }
        wire.command("STARTTLS");
        SmtpReply reply = wire.reply();
        if (reply.code() != 220) {
            throw Failures.refused("STARTTLS", reply);
        }
        wire.startTls(tlsFactory(endpoint), endpoint);
    }

    /** The factory for SMTPS and STARTTLS: the client's TLS context, or the JDK's default. */
    static SSLSocketFactory tlsFactory(Endpoint endpoint) throws IOException {
        if (endpoint.sslContext() != null) {
            return endpoint.sslContext().getSocketFactory();
        }
        try {
            return SSLContext.getDefault().getSocketFactory();
        } catch (NoSuchAlgorithmException e) {
            throw new SSLException("no default TLS context", e);
        }
    }
}
