package io.github.mailback.samples.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Runs the order service in a child JVM (this JVM's {@code java} and class path) with the sample's
 * logback.xml, so that its {@code System.exit} ends that JVM and not the demo. The child's whole
 * output goes to a log file; the terminal sees its progress lines, Logback's warnings and errors about
 * itself, and its standard error.
 */
final class OrderServiceProcess {

    static final String MAIN_CLASS = "io.github.mailback.samples.OrderServiceApp";
    private static final String PREFIX = "[order-service] ";
    private static final Duration RELAY_DRAIN_LIMIT = Duration.ofSeconds(10);

    /**
     * How the child ended: its exit code (or -1 if it had to be killed), its tally line if it printed
     * one, and how many Logback status errors (mailing failures among them) it printed.
     */
    record Outcome(int exitCode, boolean timedOut, Optional<Tally> tally, int statusErrors) {
    }

    private final Path logbackXml;
    private final Path logFile;
    private final PrintStream terminal;

    OrderServiceProcess(Path logbackXml, Path logFile, PrintStream terminal) {
        this.logbackXml = logbackXml;
        this.logFile = logFile;
        this.terminal = terminal;
    }

    Outcome run(DemoSettings settings, Duration limit) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(java,
                "-cp", System.getProperty("java.class.path"),
                // Explicit, so that no logback-test.xml or logback.xml elsewhere on the class path wins.
                "-Dlogback.configurationFile=" + logbackXml.toAbsolutePath(),
                MAIN_CLASS));
        settings.exportTo(builder.environment());
        builder.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));

        AtomicReference<Tally> tally = new AtomicReference<>();
        AtomicInteger statusErrors = new AtomicInteger();
        Process process = builder.start();
        try (Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
            Thread out = relay(process.getInputStream(), log, line -> {
                Tally.parse(line).ifPresent(tally::set);
                if (line.contains("|-ERROR")) {
                    statusErrors.incrementAndGet();
                }
                return line.startsWith("== ") || isLogbackComplaint(line);
            }, "relay-stdout");
            Thread err = relay(process.getErrorStream(), log, line -> true, "relay-stderr");

            boolean exited = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                terminal.println(PREFIX + "still running after " + limit.toSeconds() + " s: killing it");
                process.destroyForcibly();
                process.waitFor(RELAY_DRAIN_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            out.join(RELAY_DRAIN_LIMIT.toMillis());
            err.join(RELAY_DRAIN_LIMIT.toMillis());
            return new Outcome(exited ? process.exitValue() : -1, !exited, Optional.ofNullable(tally.get()),
                    statusErrors.get());
        } finally {
            process.destroyForcibly();
        }
    }

    // Logback status lines read "... |-LEVEL in ..."; the sample's status listener prints them all, and
    // mailback reports mailing failures that way. The terminal gets the warnings and errors.
    private static boolean isLogbackComplaint(String line) {
        return line.contains("|-WARN") || line.contains("|-ERROR");
    }

    private Thread relay(InputStream stream, Writer log, Predicate<String> showOnTerminal, String name) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, Charset.defaultCharset()))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    synchronized (log) {
                        log.write(line);
                        log.write(System.lineSeparator());
                    }
                    if (showOnTerminal.test(line)) {
                        terminal.println(PREFIX + line);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
