package io.github.mailback.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * An SMTP server for messages too large to keep: it counts what arrives and throws it away, as
 * Postfix's smtp-sink does, but says what it counted. Bound to 127.0.0.1 on a free port, one connection
 * at a time, on one daemon thread. It offers 8BITMIME, PIPELINING and SIZE (with a limit when given,
 * answering 552 to a MAIL FROM whose SIZE exceeds it, RFC 1870 section 6.1), and for each message keeps
 * the SIZE declared, the octets received after un-dot-stuffing, and the body's octet count and CRC-32C.
 */
public final class CountingSmtpSink implements AutoCloseable {
    /** What one message was, as counted. */
    public record Received(long declaredSize, long octets, long bodyOctets, long bodyCrc) {
    }

    private static final int MAX_LINE = 4096;
    private static final int IDLE_TIMEOUT_MILLIS = 60_000;

    private final long sizeLimit;
    private final ServerSocket server;
    private final Thread thread;
    private final List<String> commands = new ArrayList<>();
    private final List<Received> messages = new ArrayList<>();

    /** A sink that offers {@code SIZE sizeLimit} (0: SIZE without a limit). */
    public CountingSmtpSink(long sizeLimit) throws IOException {
        this.sizeLimit = sizeLimit;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        thread = new Thread(this::serve, "counting-smtp-sink-" + server.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    /** The port it listens on. */
    public int port() {
        return server.getLocalPort();
    }

    /** The command lines received so far (the verb and its arguments, without the DATA). */
    public synchronized List<String> commands() {
        return List.copyOf(commands);
    }

    /** The messages accepted so far. */
    public synchronized List<Received> messages() {
        return List.copyOf(messages);
    }

    /** Waits until {@code count} messages have arrived, at most {@code wait}; returns them. */
    public synchronized List<Received> awaitMessages(int count, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (messages.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("only " + messages.size() + " of " + count + " messages within " + wait
                        + "; commands: " + commands);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return List.copyOf(messages);
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(IDLE_TIMEOUT_MILLIS);
                session(new BufferedInputStream(s.getInputStream(), 64 * 1024), s.getOutputStream());
            } catch (IOException e) {
                // The client went away, or close() closed the server socket: next connection, or the end.
            }
        }
    }

    private void session(InputStream in, OutputStream out) throws IOException {
        reply(out, "220 sink.test ESMTP");
        long declared = -1;
        for (String line; (line = line(in)) != null; ) {
            synchronized (this) {
                commands.add(line);
            }
            String verb = line.length() < 4 ? line : line.substring(0, 4).toUpperCase(Locale.ROOT);
            switch (verb) {
                case "EHLO" -> reply(out, "250-sink.test\r\n250-8BITMIME\r\n250-PIPELINING\r\n250 SIZE"
                        + (sizeLimit > 0 ? " " + sizeLimit : ""));
                case "MAIL" -> {
                    declared = declaredSize(line);
                    reply(out, sizeLimit > 0 && declared > sizeLimit ? "552 5.3.4 message too big" : "250 2.1.0 ok");
                }
                case "RCPT" -> reply(out, "250 2.1.5 ok");
                case "DATA" -> {
                    reply(out, "354 go ahead");
                    Received received = data(in, declared);
                    synchronized (this) {
                        messages.add(received);
                        notifyAll();
                    }
                    reply(out, "250 2.0.0 counted " + received.octets());
                }
                case "QUIT" -> {
                    reply(out, "221 2.0.0 bye");
                    return;
                }
                default -> reply(out, "250 2.0.0 ok");
            }
        }
    }

    private static long declaredSize(String mailFrom) {
        for (String p : mailFrom.split(" ")) {
            if (p.toUpperCase(Locale.ROOT).startsWith("SIZE=")) {
                return Long.parseLong(p.substring(5));
            }
        }
        return -1;
    }

    /**
     * Reads DATA to its terminator: a line's first dot is dropped (RFC 5321 section 4.5.2), the rest is
     * counted, and what follows the first empty line is the body.
     */
    private static Received data(InputStream in, long declared) throws IOException {
        final int lineStart = 0;
        final int inLine = 1;
        final int dot = 2;
        final int dotCr = 3;
        int state = lineStart;
        long octets = 0;
        long bodyOctets = 0;
        boolean inBody = false;
        int lastFour = 0;
        CRC32C crc = new CRC32C();
        byte[] buffer = new byte[64 * 1024];
        byte[] body = new byte[buffer.length * 2];
        while (true) {
            int n = in.read(buffer);
            if (n < 0) {
                throw new IOException("connection closed in DATA after " + octets + " octets");
            }
            int kept = 0;
            for (int i = 0; i < n; i++) {
                int b = buffer[i];
                if (state == lineStart && b == '.') {
                    state = dot;
                    continue;
                }
                if (state == dot && b == '\r') {
                    state = dotCr;
                    continue;
                }
                if (state == dotCr) {
                    if (b == '\n') {
                        crc.update(body, 0, kept);
                        return new Received(declared, octets, bodyOctets + kept, crc.getValue());
                    }
                    throw new IOException("a line of a dot and a bare CR in DATA");
                }
                state = b == '\n' ? lineStart : inLine;
                octets++;
                if (inBody) {
                    body[kept++] = (byte) b;
                } else {
                    lastFour = lastFour << 8 | b & 0xff;
                    inBody = lastFour == 0x0d0a0d0a;
                }
            }
            crc.update(body, 0, kept);
            bodyOctets += kept;
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n') {
                String s = line.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            if (line.size() == MAX_LINE) {
                throw new IOException("command line over " + MAX_LINE + " octets");
            }
            line.write(b);
        }
        return null;
    }

    private static void reply(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
