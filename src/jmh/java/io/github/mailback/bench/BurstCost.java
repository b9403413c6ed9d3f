package io.github.mailback.bench;

import ch.qos.logback.classic.Logger;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;

/**
 * Explains {@link AppenderBurstBenchmark} with figures that load on a shared machine does not
 * disturb: for each appender, in a JVM of its own, the logging thread's CPU time and allocation per
 * ERROR in the same bursts (2,000 ERRORs with one exception, then 200 ms quiet), and the CPU time the
 * JVM's other threads use per ERROR meanwhile, pauses included: mailback's sender thread, and the rest
 * of the JVM (JIT compilers and GC threads, which {@code ThreadMXBean} does not list). Wall-clock time
 * is printed too, but another process that takes the CPU inflates it; CPU time counts only the time
 * the thread ran. Allocation is exact ({@code ThreadMXBean.getThreadAllocatedBytes}). For mailback it
 * also prints the share of ERRORs that found the inbox full (the spill path, without a context).
 *
 * <pre>
 * java -cp target/benchmarks.jar io.github.mailback.bench.BurstCost            # all three, one JVM each
 * java -cp target/benchmarks.jar io.github.mailback.bench.BurstCost mailback   # one, in this JVM
 * </pre>
 */
public final class BurstCost {
    private static final List<String> APPENDERS = List.of("prepare-only", "mailback", "logback");
    /** Bursts before and during the measurement; more for a profile ({@code -Dbursts=400}). */
    private static final int WARMUP_BURSTS = 40;
    private static final int BURSTS = Integer.getInteger("bursts", 40);

    private BurstCost() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.out.printf("%-13s %17s %26s %10s %16s %14s%n", "per ERROR", "logging thread", "wall, noisy",
                    "allocated", "other CPU ns", "GC pauses");
            System.out.printf("%-13s %17s %26s %10s %16s %14s%n", "", "CPU ns min/med", "ns min/med/mean", "bytes",
                    "sender / JVM", "count, ms");
            for (String appender : APPENDERS) {
                forkFor(appender);
            }
            return;
        }
        run(args[0]);
    }

    /** Runs one appender in a JVM of its own: in one JVM, one appender's sending would slow the next. */
    private static void forkFor(String appender) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        // The benchmarks' heap, touched at start: a first write to a page of the heap would otherwise
        // count a page fault into the CPU time of whichever thread allocated there.
        Process p = new ProcessBuilder(java, "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch", "-Dbursts=" + BURSTS,
                "-D" + MailbackAppenderState.SPOOL + "=" + System.getProperty(MailbackAppenderState.SPOOL, "off"),
                "-Dmailback.bench.redact=" + System.getProperty("mailback.bench.redact", "on"),
                "-cp", System.getProperty("java.class.path"), BurstCost.class.getName(), appender)
                .inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(appender + ": exit status " + p.exitValue());
        }
    }

    private static void run(String appender) throws Exception {
        Exception failure = SampleFailure.create();
        Integer order = 4711;
        Runnable stop;
        Logger logger;
        MailbackAppenderState mailback = null;
        switch (appender) {
            case "prepare-only" -> {
                PrepareOnlyAppenderState s = new PrepareOnlyAppenderState();
                s.start();
                logger = s.logger;
                stop = s::stop;
            }
            case "mailback" -> {
                mailback = new MailbackAppenderState();
                mailback.start();
                logger = mailback.logger;
                stop = mailback::stop;
            }
            case "logback" -> {
                LogbackAppenderState s = new LogbackAppenderState();
                s.start();
                logger = s.logger;
                stop = s::stop;
            }
            default -> throw new IllegalArgumentException("one of " + APPENDERS + ": " + appender);
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long self = Thread.currentThread().getId();
        int n = AppenderBurstBenchmark.BURST;
        double[] cpu = new double[BURSTS];
        double[] wall = new double[BURSTS];
        long allocated = 0;
        long loggingCpu = 0;
        long processCpuBefore = 0;
        long senderCpuBefore = 0;
        long overflowBefore = 0;
        long gcCountBefore = 0;
        long gcMillisBefore = 0;
        for (int b = -WARMUP_BURSTS; b < BURSTS; b++) {
            if (b == 0) {
                // What the warm-up made to last (the first email's) joins the start-up's in the old generation.
                SteadyState.tenureStartUpObjects();
            }
            Thread.sleep(AppenderBurstBenchmark.PAUSE_MILLIS);
            if (b == 0) {
                processCpuBefore = os.getProcessCpuTime();
                senderCpuBefore = senderCpu(threads);
                overflowBefore = mailback == null ? 0 : mailback.appender.getInboxOverflow();
                gcCountBefore = gcCount();
                gcMillisBefore = gcMillis();
            }
            long a0 = threads.getThreadAllocatedBytes(self);
            long c0 = threads.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                logger.error("payment for order {} failed", order, failure);
            }
            long w1 = System.nanoTime();
            long c1 = threads.getCurrentThreadCpuTime();
            long a1 = threads.getThreadAllocatedBytes(self);
            if (b >= 0) {
                cpu[b] = (c1 - c0) / (double) n;
                wall[b] = (w1 - w0) / (double) n;
                allocated += a1 - a0;
                loggingCpu += c1 - c0;
            }
        }
        // Let the sender finish with the last burst, as it would with the next pause.
        Thread.sleep(AppenderBurstBenchmark.PAUSE_MILLIS);
        long others = os.getProcessCpuTime() - processCpuBefore - loggingCpu;
        long sender = senderCpu(threads) - senderCpuBefore;
        long events = (long) BURSTS * n;
        String spill = mailback == null ? ""
                : String.format("%.0f %% of ERRORs found the inbox full",
                        100.0 * (mailback.appender.getInboxOverflow() - overflowBefore) / events);
        long gcs = gcCount() - gcCountBefore;
        long gcMillis = gcMillis() - gcMillisBefore;
        double meanWall = Arrays.stream(wall).average().orElse(0);
        Arrays.sort(cpu);
        Arrays.sort(wall);
        System.out.printf("%-13s %8.0f %8.0f %8.0f %8.0f %8.0f %10.0f %7.0f %8.0f %6d %7d  %s%n", appender, cpu[0],
                cpu[BURSTS / 2], wall[0], wall[BURSTS / 2], meanWall, allocated / (double) events,
                sender / (double) events, (others - sender) / (double) events, gcs, gcMillis, spill);
        stop.run();
    }

    /** CPU time of mailback's sender thread so far (0 for the other appenders, which have none). */
    private static long senderCpu(ThreadMXBean threads) {
        long sum = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            // The sender and the mailer thread that talks to the server for it.
            if (t != null && (t.getThreadName().startsWith("mailback-sender-")
                    || t.getThreadName().startsWith("mailback-mailer-"))) {
                sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    private static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(b -> Math.max(0, b.getCollectionCount())).sum();
    }

    /** Time in collections; with G1 a young collection is a pause, and one that lands in a burst is timed. */
    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(b -> Math.max(0, b.getCollectionTime())).sum();
    }
}
