package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A main class of the test tree in a JVM of its own, watched while it runs: its output is read line by line,
 * and the test kills it with SIGKILL or stops it with SIGTERM.
 */
final class LiveJvm implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private LiveJvm(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "child-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code main} with these system properties and arguments, on the test's class path. */
    static LiveJvm start(Class<?> main, Map<String, String> properties, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp",
                System.getProperty("java.class.path")));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add(main.getName());
        command.addAll(List.of(args));
        return new LiveJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(output cut: " + e + ")");
        }
    }

    /** Waits until the child prints a line starting with {@code prefix}, and returns it. */
    String awaitLine(String prefix, Duration limit) {
        Await.until("the line \"" + prefix + "\" from the child", limit,
                () -> lines.stream().anyMatch(l -> l.startsWith(prefix)) || !process.isAlive() && !reader.isAlive(),
                this::output);
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("the child ended without \"" + prefix + "\":\n" + output()));
    }

    /** SIGKILL: no hook runs, nothing is flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertEquals(true, process.waitFor(20, TimeUnit.SECONDS), "the child did not die");
        assertEquals(128 + 9, process.exitValue(), "not ended by SIGKILL:\n" + output());
    }

    /** SIGTERM, as a supervisor stops a service: the JVM runs its shutdown hooks. Returns the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        return awaitExit(Duration.ofSeconds(30));
    }

    /** Waits for the child to end by itself; returns its exit code. */
    int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child did not exit within " + limit + ":\n" + output());
        }
        try {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    String output() {
        return String.join("\n", lines);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
