package io.github.mailback.smtp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/** The socket of one session: buffered command writing, bounded reply reading, TLS, and the transcript. */
final class SmtpWire {
    private static final byte[] CRLF = {'\r', '\n'};

    private Socket socket;
    private BufferedOutputStream out;
    private BufferedInputStream in;
    private ReplyReader replies;
    private final SmtpTranscript transcript;
    /**
     * False once a read, a write or TLS failed, or the server said 421: then the two sides may no longer
     * agree on where the dialogue stands, and QUIT would only wait for a reply that is not coming.
     */
    private boolean inStep = true;

    SmtpWire(Socket socket, SmtpTranscript transcript) throws IOException {
        this.transcript = transcript;
        attach(socket);
    }

    private void attach(Socket s) throws IOException {
        this.socket = s;
        this.out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
        // A fresh reader: anything the server sent ahead of the TLS handshake is dropped with the old one.
        this.in = new BufferedInputStream(s.getInputStream(), 4096);
        this.replies = new ReplyReader(in);
    }

    /** Buffers one command line; {@code shown} is what the transcript gets (AUTH arguments redacted). */
    void command(String line, String shown) throws IOException {
        Commands.checkArgument(line, "command");
        try {
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.write(CRLF);
        } catch (IOException e) {
            inStep = false;
            throw e;
        }
        if (transcript != null) {
            transcript.line(true, shown);
        }
    }

    void command(String line) throws IOException {
        command(line, line);
    }

    /** Flushes pending commands and reads one reply. */
    SmtpReply reply() throws IOException {
        SmtpReply reply;
        try {
            out.flush();
            reply = replies.read();
        } catch (IOException e) {
            inStep = false;
            throw e;
        }
        inStep = reply.code() != 421;
        if (transcript != null) {
            int n = reply.lines().size();
            for (int i = 0; i < n; i++) {
                StringBuilder sb = new StringBuilder().append(reply.code()).append(i == n - 1 ? ' ' : '-');
                if (reply.enhancedCode() != null) {
                    sb.append(reply.enhancedCode()).append(' ');
                }
                transcript.line(false, sb.append(reply.lines().get(i)).toString());
            }
        }
        return reply;
    }

    /** True while a command may still be sent and its reply expected (see {@code inStep}). */
    boolean inStep() {
        return inStep;
    }

    /**
     * Waits at most {@code millis} for the server's first byte without taking it; false when none came.
     * The socket's read timeout is restored either way.
     */
    boolean awaitData(int millis) throws IOException {
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            in.mark(1);
            if (in.read() >= 0) {
                in.reset();
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } finally {
            socket.setSoTimeout(timeout);
        }
    }

    /** The address literal of this end of the connection, for EHLO (RFC 5321 section 4.1.3). */
    String localAddressLiteral() {
        InetAddress a = socket.getLocalAddress();
        String literal = a.getHostAddress();
        int zone = literal.indexOf('%');
        return a instanceof Inet6Address ? "[IPv6:" + (zone < 0 ? literal : literal.substring(0, zone)) + "]"
                : "[" + literal + "]";
    }

    /** The raw output for message content; callers wrap it in a {@link DotStuffingOutputStream}. */
    OutputStream data() {
        return out;
    }

    boolean isEncrypted() {
        return socket instanceof SSLSocket;
    }

    boolean isLoopback() {
        return socket.getInetAddress() != null && socket.getInetAddress().isLoopbackAddress();
    }

    /** Layers TLS over the current socket and completes the handshake, verifying the server's identity. */
    void startTls(SSLSocketFactory factory, Endpoint endpoint) throws IOException {
        inStep = false; // until the handshake is done, neither clear text nor TLS can carry a QUIT
        attach(tlsHandshake(factory, socket, endpoint));
        inStep = true;
    }

    /** The TLS handshake over {@code plain}: for SMTPS before the greeting, for STARTTLS after its 220. */
    static SSLSocket tlsHandshake(SSLSocketFactory factory, Socket plain, Endpoint endpoint) throws IOException {
        SSLSocket tls = (SSLSocket) factory.createSocket(plain, endpoint.host(), endpoint.port(), true);
        SSLParameters params = tls.getSSLParameters();
        if (endpoint.verifyHostname()) {
            // RFC 6125 matching as for HTTPS: the certificate must name the host we were asked to reach.
            params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        if (endpoint.tlsProtocols() != null) {
            params.setProtocols(endpoint.tlsProtocols().toArray(new String[0]));
        }
        if (endpoint.cipherSuites() != null) {
            params.setCipherSuites(endpoint.cipherSuites().toArray(new String[0]));
        }
        tls.setSSLParameters(params);
        tls.startHandshake();
        return tls;
    }

    /** Closes the socket; over TLS this sends close_notify first (RFC 8446 section 6.1). */
    void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing more to release.
        }
    }
}
