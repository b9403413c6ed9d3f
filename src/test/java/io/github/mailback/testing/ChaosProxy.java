package io.github.mailback.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A fault-injecting TCP proxy in front of a real SMTP server on loopback. Each connection gets one
 * {@link Fault}, drawn from a {@link Random} with a given seed in the order connections arrive, so
 * that a seed replays the same sequence of faults. The proxy reads the client's commands line by line
 * to know where in the session it is; the server's replies go through as they come, except where a
 * fault cuts them.
 */
public final class ChaosProxy implements Closeable {
    /** What happens to one connection. */
    public enum Fault {
        /** Everything goes through. */
        PASS(10),
        /** The server's greeting goes through, then both sides are closed. */
        CLOSE_AFTER_GREETING(1),
        /** The MAIL command goes to the server, then both sides are closed before its reply. */
        CLOSE_AFTER_MAIL(1),
        /** The first content line after DATA goes to the server, then both sides are closed. */
        CLOSE_IN_DATA(1),
        /**
         * The final dot goes to the server and its reply comes back to the proxy, which closes the client's
         * side without passing it on: the server has the message, the client cannot know.
         */
        CLOSE_AFTER_DOT(1),
        /** The client is greeted with 421 and closed; the server never hears of it. */
        REPLY_421(1),
        /** The client is accepted and never answered; closed when the client gives up. */
        STALL(1);

        private final int weight;

        Fault(int weight) {
            this.weight = weight;
        }
    }

    private final ServerSocket listener;
    private final int upstreamPort;
    private final long seed;
    private final Random random;
    private final Consumer<String> log;
    private final Map<Fault, Integer> counts = new EnumMap<>(Fault.class);
    private final List<Closeable> open = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final Thread acceptor;
    private volatile boolean closed;
    private int connections;

    /** Listens on a loopback port chosen by the system, in front of the server at {@code upstreamPort}. */
    public ChaosProxy(int upstreamPort, long seed, Consumer<String> log) throws IOException {
        this.upstreamPort = upstreamPort;
        this.seed = seed;
        this.random = new Random(seed);
        this.log = log;
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "chaos-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    public long seed() {
        return seed;
    }

    /** How many connections got each fault so far. */
    public synchronized Map<Fault, Integer> counts() {
        return new EnumMap<>(counts);
    }

    private Fault draw() {
        int total = 0;
        for (Fault f : Fault.values()) {
            total += f.weight;
        }
        int r = random.nextInt(total);
        for (Fault f : Fault.values()) {
            r -= f.weight;
            if (r < 0) {
                return f;
            }
        }
        throw new AssertionError();
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            Fault fault;
            int n;
            synchronized (this) {
                fault = draw();
                n = ++connections;
                counts.merge(fault, 1, Integer::sum);
                open.add(client);
            }
            log.accept("chaos seed " + seed + ", connection " + n + ": " + fault);
            Thread t = new Thread(() -> serve(client, fault), "chaos-proxy-" + n);
            t.setDaemon(true);
            synchronized (this) {
                threads.add(t);
            }
            t.start();
        }
    }

    private void serve(Socket client, Fault fault) {
        try (client) {
            if (fault == Fault.REPLY_421) {
                client.getOutputStream().write("421 4.3.2 chaos: service not available\r\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            if (fault == Fault.STALL) {
                // Reads until the client gives up (its timeout) and closes.
                while (client.getInputStream().read() != -1) {
                    // nothing is answered
                }
                return;
            }
            try (Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
                synchronized (this) {
                    open.add(server);
                }
                relay(client, server, fault);
            }
        } catch (IOException e) {
            // One side closed: the connection ends, as the fault wants or as the client decided.
        }
    }

    /** Passes the session through, watching the client's lines; returns when the fault has struck or either side closed. */
    private void relay(Socket client, Socket server, Fault fault) throws IOException {
        InputStream fromServer = new BufferedInputStream(server.getInputStream());
        OutputStream toClient = client.getOutputStream();
        OutputStream toServer = server.getOutputStream();
        InputStream fromClient = new BufferedInputStream(client.getInputStream());

        byte[] greeting = readReply(fromServer);
        toClient.write(greeting);
        toClient.flush();
        if (fault == Fault.CLOSE_AFTER_GREETING) {
            return;
        }
        // The server's side: every reply passes, but the one to the final dot when the fault says so.
        Replies replies = new Replies(fromServer, toClient);
        Thread pump = new Thread(replies, Thread.currentThread().getName() + "-replies");
        pump.setDaemon(true);
        pump.start();
        try {
            boolean data = false;
            byte[] line;
            while ((line = readLine(fromClient)) != null) {
                String text = new String(line, StandardCharsets.US_ASCII).toUpperCase(Locale.ROOT);
                if (data) {
                    if (fault == Fault.CLOSE_IN_DATA) {
                        toServer.write(line);
                        toServer.flush();
                        return;
                    }
                    if (text.equals(".\r\n")) {
                        data = false;
                        if (fault == Fault.CLOSE_AFTER_DOT) {
                            replies.swallowNext();
                            toServer.write(line);
                            toServer.flush();
                            replies.awaitSwallowed();
                            return;
                        }
                    }
                } else if (text.startsWith("DATA")) {
                    // Content follows the 354 reply; the client waits for it (RFC 2920 section 3.1).
                    data = true;
                }
                toServer.write(line);
                toServer.flush();
                if (fault == Fault.CLOSE_AFTER_MAIL && text.startsWith("MAIL FROM")) {
                    return;
                }
            }
        } finally {
            client.close();
            server.close();
            try {
                pump.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The server's replies to the client, one at a time, with the reply to the final dot held back on demand. */
    private static final class Replies implements Runnable {
        private final InputStream in;
        private final OutputStream out;
        private boolean swallow;
        private boolean swallowed;

        Replies(InputStream in, OutputStream out) {
            this.in = in;
            this.out = out;
        }

        synchronized void swallowNext() {
            swallow = true;
        }

        synchronized void awaitSwallowed() {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!swallowed && System.nanoTime() < deadline) {
                try {
                    wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        @Override
        public void run() {
            try {
                while (true) {
                    byte[] reply = readReply(in);
                    synchronized (this) {
                        if (swallow) {
                            swallowed = true;
                            notifyAll();
                            return;
                        }
                    }
                    out.write(reply);
                    out.flush();
                }
            } catch (IOException e) {
                synchronized (this) {
                    notifyAll();
                }
            }
        }
    }

    /** One whole reply, its lines with their CRLF; throws at the end of the stream. */
    private static byte[] readReply(InputStream in) throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        while (true) {
            byte[] line = readLine(in);
            if (line == null) {
                throw new IOException("closed by the server");
            }
            reply.write(line);
            if (line.length < 4 || line[3] != '-') {
                return reply.toByteArray();
            }
        }
    }

    /** One line with its line end, or null at the end of the stream. */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            line.write(b);
            if (b == '\n') {
                return line.toByteArray();
            }
        }
        return line.size() == 0 ? null : line.toByteArray();
    }

    /** Stops listening, closes every connection and waits for the proxy's threads to end. */
    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        List<Closeable> sockets;
        List<Thread> started;
        synchronized (this) {
            sockets = new ArrayList<>(open);
            started = new ArrayList<>(threads);
        }
        for (Closeable c : sockets) {
            c.close();
        }
        try {
            acceptor.join(5000);
            for (Thread t : started) {
                t.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
