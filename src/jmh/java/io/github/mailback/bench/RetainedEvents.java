package io.github.mailback.bench;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.sift.MDCBasedDiscriminator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import io.github.mailback.SmtpAppender;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Not a JMH benchmark: how many log events the appender's buffers keep alive after 64 discriminator
 * keys got 10,000 INFO events each, from as many threads as the JVM has cores, twice. Counts the
 * LoggingEvent instances still reachable (a live heap histogram, jcmd) and the heap in use after a
 * full collection. Run: {@code java -cp target/benchmarks.jar io.github.mailback.bench.RetainedEvents},
 * with {@code -XX:ActiveProcessorCount=8} for a bigger machine's striping.
 */
public final class RetainedEvents {
    private static final int KEYS = 64;
    private static final int EVENTS_PER_KEY = 10_000;

    public static void main(String[] args) throws Exception {
        LoggerContext context = new LoggerContext();
        LogbackMDCAdapter mdc = new LogbackMDCAdapter();
        context.setMDCAdapter(mdc);
        SmtpAppender appender = new SmtpAppender();
        appender.setContext(context);
        appender.setName("EMAIL");
        appender.setSmtpHost("127.0.0.1");
        appender.setSmtpPort(9); // never used: nothing triggers
        appender.setFrom("app@example.com");
        appender.addTo("ops@example.com");
        appender.setVerifyOnStart(false);
        appender.setRegisterShutdownHook(false);
        MDCBasedDiscriminator discriminator = new MDCBasedDiscriminator();
        discriminator.setContext(context);
        discriminator.setKey("tenant");
        discriminator.setDefaultValue("none");
        discriminator.start();
        appender.setDiscriminator(discriminator);
        appender.start();
        Logger logger = context.getLogger("com.example.Orders");
        logger.addAppender(appender);
        long before = usedAfterGc();

        int threads = Runtime.getRuntime().availableProcessors();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            Thread w = new Thread(() -> {
                for (int key = 0; key < KEYS; key++) {
                    mdc.put("tenant", "tenant-" + key);
                    for (int i = first; i < EVENTS_PER_KEY; i += threads) {
                        logger.info("order {} accepted for tenant {}", i, key);
                    }
                }
            });
            writers.add(w);
            w.start();
        }
        for (Thread w : writers) {
            w.join();
        }
        long after = usedAfterGc();
        System.out.printf("cores %d: %d LoggingEvent instances reachable, heap %+,d KB over the started appender%n",
                threads, loggingEvents(), (after - before) / 1024);
        context.stop();
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** LoggingEvent instances in a live histogram of this JVM (a full collection first). */
    private static long loggingEvents() throws Exception {
        String jcmd = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Process p = new ProcessBuilder(jcmd, String.valueOf(ProcessHandle.current().pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        long count = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.endsWith(" ch.qos.logback.classic.spi.LoggingEvent")) {
                    count = Long.parseLong(line.trim().split("\\s+")[1]);
                }
            }
        }
        p.waitFor();
        return count;
    }
}
