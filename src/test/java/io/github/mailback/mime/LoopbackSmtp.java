package io.github.mailback.mime;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A minimal SMTP sender for tests of the writer alone: one message over a fresh loopback connection,
 * dot-stuffed (RFC 5321 section 4.5.2), every reply checked. Not the library's client.
 */
final class LoopbackSmtp {
    private LoopbackSmtp() {
    }

    static void send(int port, String from, List<String> recipients, byte[] message) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout(5000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            expect(in, '2');
            command(out, in, "EHLO test.example", '2');
            command(out, in, "MAIL FROM:<" + from + ">", '2');
            for (String r : recipients) {
                command(out, in, "RCPT TO:<" + r + ">", '2');
            }
            command(out, in, "DATA", '3');
            out.write(dotStuffed(message));
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            expect(in, '2');
            command(out, in, "QUIT", '2');
        }
    }

    private static byte[] dotStuffed(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 64);
        boolean lineStart = true;
        for (byte b : message) {
            if (lineStart && b == '.') {
                out.write('.');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        return out.toByteArray();
    }

    private static void command(OutputStream out, BufferedReader in, String line, char expected) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect(in, expected);
    }

    private static void expect(BufferedReader in, char expected) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed");
            }
        } while (line.length() > 3 && line.charAt(3) == '-');
        if (line.charAt(0) != expected) {
            throw new IOException("unexpected reply: " + line);
        }
    }
}
