package io.github.mailback.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay on loopback that holds every chunk of data for a fixed time before passing it on, in
 * each direction: a stand-in for the network between an application and its mail relay, which
 * loopback does not have (and this machine has no netem). One thread per direction reads a chunk,
 * waits until it is due and writes it; that is exact for SMTP, where each side has at most one
 * write in flight before it waits for the other (a pipelined group is one write).
 */
final class LatencyProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final long delayNanos;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private LatencyProxy(ServerSocket server, int targetPort, long delayNanos) {
        this.server = server;
        this.targetPort = targetPort;
        this.delayNanos = delayNanos;
    }

    /** Listens on 127.0.0.1 and a free port, relaying to {@code targetPort} with the given one-way delay. */
    static LatencyProxy start(int targetPort, long oneWayDelayNanos) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        LatencyProxy proxy = new LatencyProxy(server, targetPort, oneWayDelayNanos);
        Thread acceptor = new Thread(proxy::acceptLoop, "latency-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return proxy;
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                sockets.add(client);
                sockets.add(upstream);
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                pump(client, upstream, "latency-proxy-up");
                pump(upstream, client, "latency-proxy-down");
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("latency proxy: " + e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, String name) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) > 0) {
                    long due = System.nanoTime() + delayNanos;
                    for (long left = delayNanos; left > 0; left = due - System.nanoTime()) {
                        // The simulated time on the wire; not a wait for an event.
                        LockSupport.parkNanos(left);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
                to.shutdownOutput();
            } catch (IOException e) {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        closeQuietly(server);
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // Closing is all that is left to do.
        }
    }
}
