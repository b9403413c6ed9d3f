package io.github.mailback.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * A server program run by a test (smtp-sink, an aiosmtpd script, Postfix, Exim) on free loopback ports:
 * each port is found by binding port 0 and closing it, the program is started on them, and readiness is
 * polled by connecting until a deadline. These programs bind their ports themselves and cannot be handed
 * a bound socket, so the port can be taken in between: if the program dies first, it is started again
 * on other ports. {@link #close()} stops it.
 */
public final class ExternalServer implements AutoCloseable {
    private static final int ATTEMPTS = 5;

    private final Process process;
    private final int[] ports;
    private final Path log;

    private ExternalServer(Process process, int[] ports, Path log) {
        this.process = process;
        this.ports = ports;
        this.log = log;
    }

    /**
     * Starts the command that {@code commandForPort} gives for a free port, and returns once the port
     * accepts connections; throws when it never does within {@code readyWithin} (after a few ports).
     */
    public static ExternalServer start(IntFunction<List<String>> commandForPort, Duration readyWithin) throws IOException {
        return start(1, ports -> commandForPort.apply(ports[0]), readyWithin);
    }

    /**
     * Like {@link #start(IntFunction, Duration)} for a program that listens on {@code count} ports, all
     * of which must accept connections.
     */
    public static ExternalServer start(int count, Function<int[], List<String>> commandForPorts, Duration readyWithin)
            throws IOException {
        Path log = Files.createTempFile("mailback-server", ".log");
        log.toFile().deleteOnExit();
        String lastOutput = "";
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ports[i] = freePort();
            }
            List<String> command = commandForPorts.apply(ports);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE).start();
            ExternalServer server = new ExternalServer(process, ports, log);
            if (server.awaitReady(readyWithin)) {
                return server;
            }
            server.close();
            lastOutput = server.output();
        }
        throw new IOException("server did not start after " + ATTEMPTS + " attempts: " + lastOutput);
    }

    /** A port that was free a moment ago on 127.0.0.1. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    private boolean awaitReady(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        int ready = 0;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", ports[ready]), 250);
                if (++ready == ports.length) {
                    return process.isAlive();
                }
            } catch (IOException notYet) {
                // Not listening yet: wait a little, returning at once if the program exits meanwhile.
                try {
                    process.waitFor(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }

    /** The (first) port. */
    public int port() {
        return ports[0];
    }

    /** The port at {@code index} of those the program was started on. */
    public int port(int index) {
        return ports[index];
    }

    /** True while the program runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** What the program printed so far (standard output and error), for failure messages. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** True when the program given is installed and executable. */
    public static boolean isExecutable(String program) {
        return Files.isExecutable(Path.of(program));
    }

    /** Runs a short command and says whether it exited 0 within 30 s (used to probe for a Python module). */
    public static boolean succeeds(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops the program (SIGTERM, then SIGKILL after 5 s). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
