package io.github.mailback.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's demo the way {@code mvn -Pdemo verify} does (the sample compiled against the test
 * class path, the demo in its own JVM, the order service in a child of that), so that the demo cannot
 * rot unnoticed.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OrderServiceDemoTest {

    private static final Path SAMPLE = Path.of("samples", "order-service").toAbsolutePath();
    private static final String DEMO_MAIN = "io.github.mailback.samples.demo.OrderServiceDemo";

    /** 1 database failure + 5,000 payment timeouts + 1 stock error + 1 fatal journal error. */
    private static final long SCENARIO_ERRORS = 5_003;

    @TempDir
    static Path compiled;

    /** The sample and the demo, compiled once for both tests. */
    static Path classes;

    @TempDir
    Path work;

    @BeforeAll
    static void compileSample() throws IOException {
        classes = compile(compiled);
    }

    @Test
    void demoMailsEveryErrorAndTheHeaderCountsAddUpToTheErrorsLogged() throws Exception {
        Path out = work.resolve("demo");

        Process demo = demoProcess(out, Map.of());
        assertTrue(demo.waitFor(110, TimeUnit.SECONDS), "the demo did not finish in time");
        String output = Files.readString(work.resolve("demo-output.txt"), Charset.defaultCharset());

        assertEquals(0, demo.exitValue(), "demo exit status; its output:\n" + output);
        assertTrue(output.contains("OK: the X-Mailback-Events counts add up to the 5,003 errors logged"), output);
        assertEquals(SCENARIO_ERRORS, summaryNumber(output, "errors logged"), output);

        // Re-add the headers from the summary line rather than trusting the demo's own verdict alone.
        Matcher sum = Pattern.compile("X-Mailback-Events {2}(.+) = ([\\d,]+)").matcher(output);
        assertTrue(sum.find(), output);
        long added = Stream.of(sum.group(1).split(" \\+ ")).mapToLong(OrderServiceDemoTest::parseNumber).sum();
        assertEquals(SCENARIO_ERRORS, added, output);

        long emails = summaryNumber(output, "emails sent");
        assertTrue(emails >= 1 && emails <= 20, "a flood of 5,000 errors should give a handful of emails, got " + emails);

        String everything = output + allEmailTexts(out);
        assertTrue(everything.contains("Could not store order"), "the database failure is mailed\n" + output);
        assertTrue(everything.contains("SQLTransientConnectionException"), "with its cause chain\n" + output);
        assertTrue(everything.contains("Payment authorization failed"), "the timeout group is mailed\n" + output);
        assertTrue(everything.contains("Inventory reservation failed"), "the error inside the flood is mailed\n" + output);
        assertTrue(everything.contains("Order journal is not writable"), "the fatal error is mailed\n" + output);
        try (Stream<Path> html = Files.list(out)) {
            assertTrue(html.anyMatch(p -> p.getFileName().toString().matches("email-\\d+\\.html")),
                    "the HTML parts are written to files");
        }
    }

    @Test
    void withSmtpHostSetTheSampleMailsThatServerWithTheGivenAccount() throws Exception {
        // Stands in for a "real" server: the demo must not start its own, and must log in as told.
        GreenMail server = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.setUser("alerts@order-service.test", "ops-password");
        server.start();
        try {
            Process demo = demoProcess(work.resolve("demo"), Map.of(
                    "SMTP_HOST", "127.0.0.1",
                    "SMTP_PORT", Integer.toString(server.getSmtp().getPort()),
                    "SMTP_TLS", "none",
                    "SMTP_USER", "alerts@order-service.test",
                    "SMTP_PASSWORD", "ops-password",
                    "ALERT_TO", "ops@order-service.test"));
            assertTrue(demo.waitFor(110, TimeUnit.SECONDS), "the demo did not finish in time");
            String output = Files.readString(work.resolve("demo-output.txt"), Charset.defaultCharset());
            assertEquals(0, demo.exitValue(), "demo exit status; its output:\n" + output);
            assertTrue(output.contains("cannot read that mailbox"), output);
            assertFalse(output.contains("ops-password"), "the password is never printed");

            // Here the test reads the mailbox itself and adds up the headers.
            MimeMessage[] received = server.getReceivedMessages();
            assertTrue(received.length >= 1, output);
            long reported = 0;
            for (MimeMessage message : received) {
                assertEquals("ops@order-service.test", message.getAllRecipients()[0].toString());
                // Without ALERT_FROM, the demo sends from the account it logs in with.
                assertTrue(message.getFrom()[0].toString().contains("alerts@order-service.test"),
                        message.getFrom()[0].toString());
                reported += Long.parseLong(message.getHeader("X-Mailback-Events", null).strip());
            }
            assertEquals(SCENARIO_ERRORS, reported, output);
        } finally {
            server.stop();
        }
    }

    /** Compiles the sample and the demo, as the demo profile's build-helper sources would be. */
    private static Path compile(Path into) throws IOException {
        Path classes = Files.createDirectories(into.resolve("classes"));
        List<String> sources = new ArrayList<>();
        for (String tree : List.of("src/main/java", "src/demo/java")) {
            try (Stream<Path> files = Files.walk(SAMPLE.resolve(tree))) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(p -> sources.add(p.toString()));
            }
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-proc:none", "-encoding", "UTF-8",
                "-classpath", System.getProperty("java.class.path"), "-d", classes.toString()));
        args.addAll(sources);
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        assertEquals(0, status, "the sample does not compile: " + diagnostics);
        return classes;
    }

    private Process demoProcess(Path out, Map<String, String> smtpEnv) throws IOException {
        String classPath = classes + File.pathSeparator + System.getProperty("java.class.path");
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath,
                "-Dlogback.configurationFile=" + SAMPLE.resolve("src/demo/logback-demo.xml"),
                "-Dmailback.demo.sample=" + SAMPLE,
                "-Dmailback.demo.out=" + out,
                DEMO_MAIN);
        Map<String, String> env = builder.environment();
        // Only the settings a test gives: never whatever server the machine running the tests names.
        for (String name : List.of("SMTP_HOST", "SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD", "SMTP_TLS", "ALERT_TO",
                "ALERT_FROM")) {
            env.remove(name);
        }
        env.putAll(smtpEnv);
        builder.redirectErrorStream(true);
        builder.redirectOutput(work.resolve("demo-output.txt").toFile());
        return builder.start();
    }

    private static long summaryNumber(String output, String label) {
        Matcher m = Pattern.compile("(?m)^ {2}" + Pattern.quote(label) + " +([\\d,]+)$").matcher(output);
        assertTrue(m.find(), "no '" + label + "' line in:\n" + output);
        return parseNumber(m.group(1));
    }

    private static long parseNumber(String s) {
        return Long.parseLong(s.strip().replace(",", ""));
    }

    private static String allEmailTexts(Path out) throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            return files.filter(p -> p.getFileName().toString().matches("email-\\d+\\.txt"))
                    .map(p -> {
                        try {
                            return Files.readString(p, StandardCharsets.UTF_8);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .collect(Collectors.joining("\n"));
        }
    }
}
