package io.github.mailback.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Postfix's smtp-sink listening on 127.0.0.1 and a free port: an SMTP server that accepts and discards
 * every message as fast as it can, so that a benchmark measures the client rather than the server.
 */
final class SmtpSink implements AutoCloseable {
    static final Path PROGRAM = Path.of("/usr/sbin/smtp-sink");
    private static final long START_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Process process;
    private final int port;
    /** Stops smtp-sink if the benchmark's JVM exits without a tear-down (interrupted run). */
    private final Thread reaper;

    private SmtpSink(Process process, int port) {
        this.process = process;
        this.port = port;
        this.reaper = new Thread(process::destroy, "smtp-sink-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts smtp-sink and returns once it has greeted a first connection. */
    static SmtpSink start() throws IOException {
        if (!Files.isExecutable(PROGRAM)) {
            throw new IllegalStateException(PROGRAM + " is missing: it comes with Debian's postfix package");
        }
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(PROGRAM.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            // smtp-sink refuses to run as root without an unprivileged user to switch to.
            command.addAll(List.of("-u", "nobody"));
        }
        // -4: IPv4 only, as we listen on 127.0.0.1; the last argument is the listen backlog.
        command.addAll(List.of("-4", "127.0.0.1:" + port, "256"));
        Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        SmtpSink sink = new SmtpSink(process, port);
        try {
            sink.awaitGreeting();
        } catch (IOException | RuntimeException e) {
            sink.close();
            throw e;
        }
        return sink;
    }

    int port() {
        return port;
    }

    /** CPU time smtp-sink has used so far (user and system), at the kernel's clock-tick resolution. */
    long cpuNanos() throws IOException {
        // /proc/PID/stat fields 14 and 15 (utime, stime) in clock ticks, USER_HZ = 100 on Linux.
        String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"), StandardCharsets.US_ASCII);
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
    }

    /** Polls until smtp-sink answers with its 220 greeting, or fails when it died or the deadline passed. */
    private void awaitGreeting() throws IOException {
        long deadline = System.nanoTime() + START_DEADLINE_NANOS;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                socket.setSoTimeout(1000);
                InputStream in = socket.getInputStream();
                byte[] code = in.readNBytes(3);
                if (!"220".equals(new String(code, StandardCharsets.US_ASCII))) {
                    throw new IOException("port " + port + " did not greet like smtp-sink");
                }
                OutputStream out = socket.getOutputStream();
                out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                // Read up to the server's close, so that it does not log a lost connection.
                in.readAllBytes();
                return;
            } catch (java.net.ConnectException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("smtp-sink exited with status " + process.exitValue());
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IOException("smtp-sink did not listen on port " + port + " within 10 s");
                }
                // Not listening yet: give the process a moment to bind.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
        }
    }

    /** Stops smtp-sink and waits for it to exit. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or will run: it destroys the process too.
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A port that was free a moment ago: the kernel picks it for port 0, and we hand it to smtp-sink. */
    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
