package io.github.mailback.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
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
 * class path, the demo in its own JVM, the order service in children of that), so that the demo cannot
 * rot unnoticed: the service killed with SIGKILL in the middle of its flood, started again on the same
 * spool, and the emails after the restart reporting the killed run and adding up across both runs.
 * The test reads the messages the demo received itself (received-N.eml) rather than trusting the
 * demo's own verdict.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OrderServiceDemoTest {

    private static final Path SAMPLE = Path.of("samples", "order-service").toAbsolutePath();
    private static final String DEMO_MAIN = "io.github.mailback.samples.demo.OrderServiceDemo";

    /** 1 database failure + 5,000 payment timeouts + 1 stock error + 1 fatal journal error, over both runs. */
    private static final long SCENARIO_ERRORS = 5_003;
    /** The killed run's: the database failure, 8 threads x 312 timeouts (the flood's first half), the stock error. */
    private static final long KILLED_RUN_ERRORS = 1 + 8 * 312 + 1;
    private static final Pattern KILLED = Pattern.compile(
            "(?m)^run 1 \\(pid (\\d+)\\) killed with SIGKILL: exit status (\\d+)");

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
    void theServiceKilledMidFloodIsReportedAfterTheRestartAndTheDistinctEmailsAddUpOverBothRuns() throws Exception {
        Path out = work.resolve("demo");

        Process demo = demoProcess(out, Map.of());
        assertTrue(demo.waitFor(110, TimeUnit.SECONDS), "the demo did not finish in time");
        String output = Files.readString(work.resolve("demo-output.txt"), Charset.defaultCharset());
        assertEquals(0, demo.exitValue(), "demo exit status; its output:\n" + output);

        // The kill: run 1 hung mid-flood and died of SIGKILL; run 2 ended as the scenario ends.
        Matcher killed = KILLED.matcher(output);
        assertTrue(killed.find(), "run 1 was not killed with SIGKILL:\n" + output);
        assertEquals("137", killed.group(2), output);
        long killedPid = Long.parseLong(killed.group(1));
        assertEquals(List.of(KILLED_RUN_ERRORS, SCENARIO_ERRORS - KILLED_RUN_ERRORS),
                List.of(tallyErrors(output, 1), tallyErrors(output, 2)), "each run's own tally\n" + output);
        assertTrue(output.matches("(?s).*run 2 \\(pid \\d+\\) exited with status 1 .*"), output);
        assertEquals(SCENARIO_ERRORS, summaryNumber(output, "errors logged"), output);

        // The emails as received: one email per Message-ID, however often it arrived.
        Map<String, MimeMessage> distinct = distinctByMessageId(receivedMessages(out));
        assertFalse(distinct.isEmpty(), output);
        long events = 0;
        long uncleanExits = 0;
        List<MimeMessage> reportingTheKill = new ArrayList<>();
        for (MimeMessage message : distinct.values()) {
            events += header(message, "X-Mailback-Events");
            long exits = message.getHeader("X-Mailback-Unclean-Exits") == null ? 0
                    : header(message, "X-Mailback-Unclean-Exits");
            uncleanExits += exits;
            if (exits > 0) {
                reportingTheKill.add(message);
            }
        }
        // The unclean exit counts 0 in X-Mailback-Events: the sum is the errors both runs logged, no more.
        assertEquals(SCENARIO_ERRORS, events, "X-Mailback-Events of the distinct emails\n" + output);
        assertEquals(1, uncleanExits, "X-Mailback-Unclean-Exits of the distinct emails\n" + output);
        assertEquals(distinct.size(), summaryNumber(output, "distinct emails"), output);

        // The email that reports the kill names the killed process and what it had pending: its count,
        // and each of its groups.
        String report = textOf(reportingTheKill.get(0));
        assertTrue(report.contains("without a clean stop: process " + killedPid + " "), report);
        assertTrue(report.contains(String.format(Locale.US, "%,d", KILLED_RUN_ERRORS) + " error events in 3 groups"),
                report);
        assertTrue(report.contains("Could not store order"), "the database failure, with its cause chain\n" + report);
        assertTrue(report.contains("SQLTransientConnectionException"), report);
        assertTrue(report.contains("Payment authorization failed"), "the timeouts\n" + report);
        assertTrue(report.contains("Inventory reservation failed"), "the error inside the flood\n" + report);

        String everything = output + allEmailTexts(out);
        assertTrue(everything.contains("Order journal is not writable"), "the fatal error of run 2 is mailed\n" + output);
        assertTrue(Files.isRegularFile(out.resolve("email-1.html")), "the HTML parts are written to files");
        assertTrue(Files.isDirectory(out.resolve("spool")), "the demo's spool is under its own folder");
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
            assertTrue(KILLED.matcher(output).find(), "the kill happens here too\n" + output);

            // Here the test reads the mailbox itself and adds up the headers of the distinct emails.
            MimeMessage[] received = server.getReceivedMessages();
            assertTrue(received.length >= 1, output);
            long reported = 0;
            long uncleanExits = 0;
            for (MimeMessage message : distinctByMessageId(List.of(received)).values()) {
                assertEquals("ops@order-service.test", message.getAllRecipients()[0].toString());
                // Without ALERT_FROM, the demo sends from the account it logs in with.
                assertTrue(message.getFrom()[0].toString().contains("alerts@order-service.test"),
                        message.getFrom()[0].toString());
                reported += header(message, "X-Mailback-Events");
                if (message.getHeader("X-Mailback-Unclean-Exits") != null) {
                    uncleanExits += header(message, "X-Mailback-Unclean-Exits");
                }
            }
            assertEquals(SCENARIO_ERRORS, reported, output);
            assertEquals(1, uncleanExits, output);
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

    /** The errors that run {@code run} said it logged ({@code [order-service N] == tally: ... errors=M}). */
    private static long tallyErrors(String output, int run) {
        Matcher m = Pattern.compile("(?m)^\\[order-service " + run + "\\] == tally: events=\\d+ errors=(\\d+)$")
                .matcher(output);
        assertTrue(m.find(), "no tally line of run " + run + " in:\n" + output);
        return Long.parseLong(m.group(1));
    }

    private static List<MimeMessage> receivedMessages(Path out) throws IOException, MessagingException {
        List<Path> files;
        try (Stream<Path> list = Files.list(out)) {
            files = list.filter(p -> p.getFileName().toString().matches("received-\\d+\\.eml")).sorted().toList();
        }
        Session session = Session.getInstance(new Properties());
        List<MimeMessage> messages = new ArrayList<>();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                messages.add(new MimeMessage(session, in));
            }
        }
        return messages;
    }

    /** One message per Message-ID, the first received: an email sent again after a kill keeps its id. */
    private static Map<String, MimeMessage> distinctByMessageId(List<MimeMessage> messages) throws MessagingException {
        Map<String, MimeMessage> distinct = new LinkedHashMap<>();
        for (MimeMessage message : messages) {
            String id = message.getHeader("Message-ID", null);
            assertNotNull(id, "every email has a Message-ID");
            distinct.putIfAbsent(id.strip(), message);
        }
        return distinct;
    }

    private static long header(MimeMessage message, String name) throws MessagingException {
        String value = message.getHeader(name, null);
        assertNotNull(value, name + " is missing");
        return Long.parseLong(value.strip());
    }

    private static String textOf(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            return part.getContent().toString();
        }
        StringBuilder text = new StringBuilder();
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                text.append(textOf(multipart.getBodyPart(i)));
            }
        }
        return text.toString();
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
