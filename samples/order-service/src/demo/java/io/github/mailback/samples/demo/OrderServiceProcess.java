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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Runs the order service in a child JVM (this JVM's {@code java} and class path) with the sample's
 * logback.xml and a spool folder, so that its {@code System.exit} ends that JVM and not the demo. The
 * child's whole output goes to a log file; the terminal sees its progress lines, Logback's warnings and
 * errors about itself, and its standard error. A run can be killed with SIGKILL when it prints a given
 * progress line.
 */
final class OrderServiceProcess {

    static final String MAIN_CLASS = "io.github.mailback.samples.OrderServiceApp";
    /** The system property the sample's logback.xml reads its spoolDir from. */
    static final String SPOOL_DIR_PROPERTY = "SPOOL_DIR";
    /** How a JVM killed by SIGKILL exits: 128 + 9, as a shell reports it (and Process.exitValue on Linux). */
    static final int SIGKILL_STATUS = 137;
    private static final Duration RELAY_DRAIN_LIMIT = Duration.ofSeconds(10);

    /**
     * How the child ended: its process id, its exit code (or -1 if it outlived the limit), whether the
     * demo killed it on its line, its tally line if it printed one, and how many Logback status errors
     * (mailing failures among them) it printed.
     */
    record Outcome(long pid, int exitCode, boolean timedOut, boolean killedOnLine, Optional<Tally> tally,
            int statusErrors) {
    }

    private final Path logbackXml;
    private final Path spoolDir;
    private final Path logFile;
    private final PrintStream terminal;
    private final String prefix;

    OrderServiceProcess(Path logbackXml, Path spoolDir, Path logFile, PrintStream terminal, String name) {
        this.logbackXml = logbackXml;
        this.spoolDir = spoolDir;
        this.logFile = logFile;
        this.terminal = terminal;
        this.prefix = "[" + name + "] ";
    }

    /** Runs the service with {@code args} until it exits, or until the limit. */
    Outcome run(DemoSettings settings, List<String> args, Duration limit) throws IOException, InterruptedException {
        return run(settings, args, limit, line -> false);
    }

    /**
     * Runs the service with {@code args} until it exits, or until the limit; kills it with SIGKILL
     * ({@link ProcessHandle#destroyForcibly()} on Linux and macOS) as soon as it prints a line that
     * {@code killOn} accepts.
     */
    Outcome run(DemoSettings settings, List<String> args, Duration limit, Predicate<String> killOn)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java,
                "-cp", System.getProperty("java.class.path"),
                // Explicit, so that no logback-test.xml or logback.xml elsewhere on the class path wins.
                "-Dlogback.configurationFile=" + logbackXml.toAbsolutePath(),
                "-D" + SPOOL_DIR_PROPERTY + "=" + spoolDir.toAbsolutePath(),
                MAIN_CLASS));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        settings.exportTo(builder.environment());
        builder.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));

        AtomicReference<Tally> tally = new AtomicReference<>();
        AtomicInteger statusErrors = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        Process process = builder.start();
        try (Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
            Thread out = relay(process.getInputStream(), log, line -> {
                Tally.parse(line).ifPresent(tally::set);
                if (line.contains("|-ERROR")) {
                    statusErrors.incrementAndGet();
                }
                return line.startsWith("== ") || isLogbackComplaint(line);
            }, line -> {
                // At once, on the relay thread. Through the process handle, which sends SIGKILL as
                // Process.destroyForcibly does but leaves the pipes open: this thread reads them to the end.
                if (killOn.test(line) && killed.compareAndSet(false, true)) {
                    terminal.println("demo: sending SIGKILL to pid " + process.pid());
                    process.toHandle().destroyForcibly();
                }
            }, "relay-stdout");
            Thread err = relay(process.getErrorStream(), log, line -> true, line -> { }, "relay-stderr");

            boolean exited = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                terminal.println(prefix + "still running after " + limit.toSeconds() + " s: killing it");
                process.destroyForcibly();
                process.waitFor(RELAY_DRAIN_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            out.join(RELAY_DRAIN_LIMIT.toMillis());
            err.join(RELAY_DRAIN_LIMIT.toMillis());
            return new Outcome(process.pid(), exited ? process.exitValue() : -1, !exited, killed.get(),
                    Optional.ofNullable(tally.get()), statusErrors.get());
        } finally {
            process.destroyForcibly();
        }
    }

    // Logback status lines read "... |-LEVEL in ..."; the sample's status listener prints them all, and
    // mailback reports mailing failures that way. The terminal gets the warnings and errors.
    private static boolean isLogbackComplaint(String line) {
        return line.contains("|-WARN") || line.contains("|-ERROR");
    }

    private Thread relay(InputStream stream, Writer log, Predicate<String> showOnTerminal, Consumer<String> then,
            String name) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, Charset.defaultCharset()))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    synchronized (log) {
                        log.write(line);
                        log.write(System.lineSeparator());
                    }
                    if (showOnTerminal.test(line)) {
                        terminal.println(prefix + line);
                    }
                    then.accept(line);
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
