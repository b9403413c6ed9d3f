package io.github.mailback.bench;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.github.mailback.SmtpAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Not a JMH benchmark: the spool's figures that are not a logging thread's cost.
 * <ul>
 *   <li>recovery: a spool at the default maxSpoolSize (10 MB: 50 groups, each with 255 events of context
 *       of 750 characters), read by a new appender; from its start to the counts brought back, and to the
 *       recovered email accepted by smtp-sink, in this JVM (the first time cold, then warm) and in a JVM
 *       of its own (from the process's start);
 *   <li>size: the spool after 500,000 distinct errors.
 * </ul>
 * Run: {@code java -cp target/benchmarks.jar io.github.mailback.bench.SpoolFigures} (needs smtp-sink).
 * The spools are made in java.io.tmpdir: name its file system with the figures.
 */
public final class SpoolFigures {
    private static final int GROUPS = 50;
    private static final int CONTEXT = 255;
    private static final String LINE = "x".repeat(750);
    private static final int RUNS = 7;

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("restart")) {
            restart(Path.of(args[1]));
            return;
        }
        Path root = Files.createTempDirectory("mailback-spool-figures");
        try (SmtpSink sink = SmtpSink.start()) {
            Path full = root.resolve("full");
            fill(full);
            System.out.printf("spool at the default maxSpoolSize: %,d bytes in %d files%n", bytes(full), files(full));
            long[] recovered = new long[RUNS];
            long[] mailed = new long[RUNS];
            for (int i = 0; i < RUNS; i++) {
                Path copy = root.resolve("copy" + i);
                copyTree(full, copy);
                long[] t = recover(copy, sink.port());
                recovered[i] = t[0];
                mailed[i] = t[1];
            }
            System.out.printf("start to counts recovered, this JVM: first %.1f ms, then median %.1f ms (%d runs)%n",
                    recovered[0] / 1e6, median(Arrays.copyOfRange(recovered, 1, RUNS)) / 1e6, RUNS - 1);
            System.out.printf("start to the recovered email accepted, this JVM: first %.1f ms, then median %.1f ms%n",
                    mailed[0] / 1e6, median(Arrays.copyOfRange(mailed, 1, RUNS)) / 1e6);
            Path child = root.resolve("child");
            copyTree(full, child);
            long start = System.nanoTime();
            Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                    System.getProperty("java.class.path"), "-Dport=" + sink.port(), SpoolFigures.class.getName(),
                    "restart", child.toString()).inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("the restart failed");
            }
            System.out.printf("a new JVM, from its process start to the recovered email accepted: %.0f ms%n",
                    (System.nanoTime() - start) / 1e6);

            if (Boolean.getBoolean("skipDistinct")) {
                return;
            }
            Path distinct = root.resolve("distinct");
            long t0 = System.nanoTime();
            long[] size = distinctErrors(distinct, 500_000);
            System.out.printf("after 500,000 distinct errors (%.1f s): %,d bytes in %d files%n",
                    (System.nanoTime() - t0) / 1e9, size[0], size[1]);
        } finally {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** A run that logs 50 errors after their context, never mails them (no server), and is stopped. */
    private static void fill(Path spool) {
        Run run = new Run(spool, 9, "1 hour");
        for (int g = 0; g < GROUPS; g++) {
            Logger steps = run.context.getLogger("com.example.Steps");
            for (int i = 0; i < CONTEXT; i++) {
                steps.info("step {} of order {}: {}", i, g, LINE);
            }
            run.context.getLogger("com.example.Orders" + g).error("order " + g + " failed");
        }
        await(() -> run.appender.getSpoolEntries() == GROUPS + 1);
        run.stop(); // the spool keeps them: no server to mail them to
    }

    /** Nanoseconds from the start of a new appender on the spool to its counts brought back, to its email sent. */
    private static long[] recover(Path spool, int port) {
        long start = System.nanoTime();
        Run run = new Run(spool, port, "0 seconds");
        await(() -> run.appender.getSpoolRecovered() > 0);
        long recovered = System.nanoTime() - start;
        await(() -> run.appender.getEmailsSent() > 0);
        long mailed = System.nanoTime() - start;
        run.stop();
        return new long[] {recovered, mailed};
    }

    /** In a JVM of its own: start on the spool, mail what it holds, exit. */
    private static void restart(Path spool) {
        Run run = new Run(spool, Integer.getInteger("port"), "0 seconds");
        await(() -> run.appender.getEmailsSent() > 0);
        run.stop();
    }

    private static long[] distinctErrors(Path spool, int n) throws Exception {
        Run run = new Run(spool, 9, "1 hour");
        Logger steps = run.context.getLogger("com.example.Steps");
        Logger orders = run.context.getLogger("com.example.Orders");
        for (int i = 0; i < n; i++) {
            steps.info("step of order {}", i);
            // A template of its own: a distinct error (a logger each would cost Logback a quadratic lookup).
            orders.error("order " + i + " failed");
        }
        // Every error taken in and counted (in a group, or as a number past maxGroups), and a checkpoint after.
        await(() -> run.appender.getEventsHeld() + run.appender.getEventsFailed() >= n);
        long checkpoints = run.appender.getSpoolEntries();
        await(() -> run.appender.getSpoolBytes() > 0 && run.appender.getEventsHeld() + run.appender.getEventsFailed() >= n);
        System.out.println("  " + run.appender.getEventsHeld() + " held, " + run.appender.getSpoolEntries()
                + " records (" + checkpoints + " before the last look)");
        long[] size = {bytes(spool), files(spool)};
        run.stop();
        return size;
    }

    /** An appender on this spool, named and in a context named as in every run, so that they share it. */
    private static final class Run {
        final LoggerContext context = new LoggerContext();
        final SmtpAppender appender = new SmtpAppender();

        Run(Path spool, int port, String batchWindow) {
            context.setName("figures");
            context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
            appender.setContext(context);
            appender.setName("EMAIL");
            appender.setSmtpHost("127.0.0.1");
            appender.setSmtpPort(port);
            appender.setFrom("app@example.com");
            appender.addTo("ops@example.com");
            appender.setBatchWindow(batchWindow);
            appender.setSpoolDir(spool.toString());
            appender.setReportUncleanExit(false);
            appender.setVerifyOnStart(false);
            appender.setRegisterShutdownHook(false);
            appender.setShutdownTimeout("1 second");
            appender.setConnectTimeout("1 second");
            appender.setPrintStatus("off");
            appender.setRedactSecrets(!Boolean.getBoolean("noRedaction"));
            appender.start();
            if (!appender.isStarted()) {
                throw new IllegalStateException(String.valueOf(context.getStatusManager().getCopyOfStatusList()));
            }
            context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        }

        void stop() {
            context.stop();
        }
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out");
            }
            LockSupport.parkNanos(100_000);
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals("lock")) {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static long bytes(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long files(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).count();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2.0;
    }
}
