package io.github.mailback.smtp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/** The socket of one session: buffered command writing, bounded reply reading, TLS, and the transcript. */
final class SmtpWire {
    private static final byte[] CRLF = {'\r', '\n'};

    private Socket socket;
    private BufferedOutputStream out;
    private ReplyReader replies;
    private final SmtpTranscript transcript;

    SmtpWire(Socket socket, SmtpTranscript transcript) throws IOException {
        this.transcript = transcript;
        attach(socket);
    }

    private void attach(Socket s) throws IOException {
        this.socket = s;
        this.out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
        // A fresh reader: anything the server sent ahead of the TLS handshake is dropped with the old one.
        this.replies = new ReplyReader(new BufferedInputStream(s.getInputStream(), 4096));
    }

    /** Buffers one command line; {@code shown} is what the transcript gets (AUTH arguments redacted). */
    void command(String line, String shown) throws IOException {
        Commands.checkArgument(line, "command");
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write(CRLF);
        if (transcript != null) {
            transcript.line(true, shown);
        }
    }

    void command(String line) throws IOException {
        command(line, line);
    }

    /** Flushes pending commands and reads one reply. */
    SmtpReply reply() throws IOException {
        out.flush();
        SmtpReply reply = replies.read();
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
    void startTls(SSLSocketFactory factory, String host, int port, boolean verifyHostname) throws IOException {
        attach(tlsHandshake(factory, socket, host, port, verifyHostname));
    }

    /** The TLS handshake over {@code plain}: for SMTPS before the greeting, for STARTTLS after its 220. */
    static SSLSocket tlsHandshake(SSLSocketFactory factory, Socket plain, String host, int port, boolean verifyHostname)
            throws IOException {
        SSLSocket tls = (SSLSocket) factory.createSocket(plain, host, port, true);
        if (verifyHostname) {
            SSLParameters params = tls.getSSLParameters();
            // RFC 6125 matching as for HTTPS: the certificate must name the host we were asked to reach.
            params.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(params);
        }
        tls.startHandshake();
        return tls;
    }

    void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing more to release.
        }
    }
}
