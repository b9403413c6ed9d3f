package io.github.mailback.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

/**
 * Tells the two common port mistakes apart on a second, short connection, so that they fail at once
 * with a hint instead of a timeout: a clear-text or STARTTLS client on an implicit-TLS port (465) hears
 * nothing, since the server waits for a ClientHello; an SMTPS client on a clear-text port gets a
 * {@code 220} greeting where the ServerHello belongs. Reading alone cannot tell a silent SMTPS server
 * from a slow SMTP one, and bytes sent ahead of a greeting on the real session would look like a
 * spammer's pregreeting: hence the second connection. Both mistakes are permanent: retrying is useless.
 */
final class PortProbe {
    /** How long a clear-text or STARTTLS client waits for the greeting before probing (see {@link #waitMillis}). */
    static final int GREETING_WAIT_MILLIS = 1500;

    private PortProbe() {
    }

    /**
     * The wait before probing, and half the probe's limit: a quarter of the timeouts at most, so that
     * the wait and the probe together stay within the set-up's deadline.
     */
    static int waitMillis(Endpoint endpoint) {
        long quarter = Math.min(endpoint.readTimeout().toMillis(), endpoint.messageTimeout().toMillis()) / 4;
        return (int) Math.max(1, Math.min(GREETING_WAIT_MILLIS, quarter));
    }

    /**
     * Whether a silent port may be probed with a TLS handshake. Not ports 25, 587 and 2525: they never
     * speak implicit TLS, and their servers may delay the greeting on purpose (sendmail's greet_pause,
     * Exim's smtp_enforce_sync) and count a client that talks first, even on another connection, as
     * a spammer.
     */
    static boolean mayProbe(int port) {
        return port != 25 && port != 587 && port != 2525;
    }

    /** No greeting yet: throws with the hint when the port answers a TLS handshake; else returns. */
    static void checkSilence(Endpoint endpoint) throws SmtpException {
        if (probe(endpoint, true)) {
            throw new SmtpException(endpoint.server() + " sends no greeting; it speaks implicit TLS: use SSL / --tls smtps",
                    null, false, null);
        }
    }

    /** The SMTPS handshake failed with {@code e}: the hint when the port greets in clear text, else {@code e}. */
    static IOException check(Endpoint endpoint, IOException e) {
        if (!(e.getCause() instanceof java.security.cert.CertificateException) && probe(endpoint, false)) {
            return new SmtpException(endpoint.server() + " answered TLS in clear text; it speaks plain SMTP: "
                    + "use STARTTLS / --tls starttls", null, false, e);
        }
        return e;
    }

    /**
     * Connects again and either starts a TLS handshake ({@code tls}: true when the server answers with
     * TLS, even with a certificate this client rejects), or reads the first bytes (true when they begin
     * an SMTP reply; QUIT follows).
     */
    private static boolean probe(Endpoint endpoint, boolean tls) {
        int wait = waitMillis(endpoint);
        Socket socket = new Socket(Proxy.NO_PROXY);
        Watchdog watchdog = new Watchdog(socket);
        try {
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), wait);
            socket.setSoTimeout(wait);
            watchdog.arm(2L * wait);
            if (tls) {
                try (SSLSocket s = (SSLSocket) Handshake.tlsFactory(endpoint).createSocket(socket, endpoint.host(),
                        endpoint.port(), true)) {
                    s.startHandshake();
                    return true;
                } catch (SSLHandshakeException e) {
                    // An alert or a certificate failure is TLS spoken; a hang-up (EOFException) is not.
                    return !(e.getCause() instanceof IOException);
                }
            }
            InputStream in = socket.getInputStream();
            byte[] head = new byte[4];
            int n = 0;
            for (int r; n < 4 && (r = in.read(head, n, 4 - n)) > 0; ) {
                n += r;
            }
            boolean smtp = n == 4 && Character.isDigit(head[0]) && Character.isDigit(head[1])
                    && Character.isDigit(head[2]) && (head[3] == ' ' || head[3] == '-');
            if (smtp) {
                socket.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            return smtp;
        } catch (IOException | RuntimeException e) {
            return false;
        } finally {
            watchdog.release();
            try {
                socket.close();
            } catch (IOException ignored) {
                // A probe leaves nothing behind.
            }
        }
    }
}
