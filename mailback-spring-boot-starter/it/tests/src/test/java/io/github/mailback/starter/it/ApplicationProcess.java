package io.github.mailback.starter.it;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged test application (java -jar), run as a process with its output in a file: the jar this
 * module built for its Boot line, which the failsafe plugin names in {@code it.jar}.
 */
final class ApplicationProcess implements AutoCloseable {
    static final Duration STARTUP_LIMIT = Duration.ofSeconds(90);
    static final Duration EXIT_LIMIT = Duration.ofSeconds(30);
    private static final Pattern TOMCAT_STARTED = Pattern.compile("Tomcat started on port[s]?[ (]*(\\d+)");

    private final Process process;
    final Path output;

    private ApplicationProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts the application with these arguments; {@code name} names its output file. */
    static ApplicationProcess start(String name, List<String> arguments) throws IOException {
        String jarProperty = System.getProperty("it.jar");
        assertNotNull(jarProperty, "it.jar is not set: run these tests with mvn verify");
        Path jar = Path.of(jarProperty);
        assertTrue(Files.isRegularFile(jar), "no packaged application at " + jar);
        Path out = Path.of(System.getProperty("it.out", "target/it"));
        Files.createDirectories(out);
        Path output = out.resolve(name + ".out");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Starts in about a third of the time on a small machine; spring-boot:run does the same.
                "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--server.port=0", "--server.address=127.0.0.1"));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectErrorStream(true);
        builder.redirectOutput(output.toFile());
        return new ApplicationProcess(builder.start(), output);
    }

    /** The port of the {@code n}th Tomcat start (1 for the first; 2 after a restart in the same JVM). */
    int awaitTomcatPort(int n) throws IOException {
        Matcher m = awaitOutput(TOMCAT_STARTED, n, STARTUP_LIMIT, "Tomcat start #" + n);
        return Integer.parseInt(m.group(1));
    }

    /** Waits until the output matches {@code pattern} {@code n} times; the last match. */
    Matcher awaitOutput(Pattern pattern, int n, Duration limit, String what) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Matcher m = pattern.matcher(output());
            int found = 0;
            while (m.find()) {
                if (++found == n) {
                    return m;
                }
            }
            if (!process.isAlive()) {
                fail("the application exited with " + process.exitValue() + " before " + what + "; output: " + output);
            }
            if (System.nanoTime() - deadline > 0) {
                fail(what + " did not happen within " + limit.toSeconds() + " s; output: " + output);
            }
            Await.pause();
        }
    }

    /** SIGTERM on Linux, as a container platform stops a service: the JVM's shutdown hooks run. */
    void terminate() {
        process.destroy();
    }

    /** Waits for the process to end by itself (after SIGTERM, or a failed start); its exit status. */
    int awaitExit() throws InterruptedException {
        boolean exited = process.waitFor(EXIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(exited, "the application did not exit within " + EXIT_LIMIT.toSeconds() + " s; output: " + output);
        return process.exitValue();
    }

    /** The output so far (a line being written may end in a partial character: decoded leniently). */
    String output() throws IOException {
        return new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(EXIT_LIMIT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
