package io.github.mailback.samples.spring;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the packaged application (java -jar) against GreenMail, makes 200 requests fail, stops it with
 * SIGTERM as a container platform does, and checks that every ERROR was mailed: the 200 that the
 * dispatcherServlet logged, and the one that a {@code @PreDestroy} method logs while Spring closes the
 * context. mailback comes from its Spring Boot starter, configured by properties alone.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ShutdownAlertIT {

    private static final int FAILING_REQUESTS = 200;
    /** Requests in flight at once: a few, so that the run stays short on a small machine. */
    private static final int CONCURRENT_REQUESTS = 4;
    private static final String SHUTDOWN_ERROR = "Could not flush 3 pending orders at shutdown";
    private static final Pattern TOMCAT_STARTED = Pattern.compile("Tomcat started on port (\\d+)");
    /** Logback status lines about mailback that are problems: "... |-WARN in SmtpAppender[mailback -> ...". */
    private static final Pattern MAILBACK_STATUS_PROBLEM = Pattern.compile("(WARN|ERROR) in (io\\.github\\.mailback|SmtpAppender\\[)");

    /** An ERROR event in Spring Boot's console format: "2026-01-31T10:00:00.000Z ERROR 4242 --- ...". */
    private static final Pattern ERROR_LOGGED = Pattern.compile("^\\S+\\s+ERROR \\d+ --- ");

    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(60);
    private static final Duration EXIT_LIMIT = Duration.ofSeconds(30);
    private static final Duration MAIL_LIMIT = Duration.ofSeconds(5);
    private static final Duration CHECK_LIMIT = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(25);

    private GreenMail greenMail;
    private Process app;
    private Path appOutput;

    @BeforeEach
    void startMailServer() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (app != null && app.isAlive()) {
            app.destroyForcibly();
            app.waitFor(EXIT_LIMIT.toSeconds(), TimeUnit.SECONDS);
        }
        greenMail.stop();
    }

    @Test
    void everyErrorIsMailedTheOneLoggedAtShutdownIncluded() throws Exception {
        int smtpPort = greenMail.getSmtp().getPort();
        app = startApplication(smtpPort);
        int httpPort = awaitTomcatPort();

        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<Integer> statuses = new ArrayList<>();
        for (int first = 1; first <= FAILING_REQUESTS; first += CONCURRENT_REQUESTS) {
            List<CompletableFuture<HttpResponse<Void>>> batch = new ArrayList<>();
            for (int i = first; i < first + CONCURRENT_REQUESTS && i <= FAILING_REQUESTS; i++) {
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/orders/" + (1000 + i)))
                        .timeout(Duration.ofSeconds(30))
                        .build();
                batch.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()));
            }
            for (CompletableFuture<HttpResponse<Void>> response : batch) {
                statuses.add(response.join().statusCode());
            }
        }
        assertTrue(statuses.stream().allMatch(s -> s == 500), "every request should fail with 500: " + statuses);

        // Actuator shows mailback's counters as Micrometer meters, tagged with the appender's name.
        HttpResponse<String> metric = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + "/actuator/metrics/mailback.events.triggering?tag=appender:mailback")).build(),
                HttpResponse.BodyHandlers.ofString());
        // And its health, in the "mail" group (after the check at start), not in /actuator/health.
        awaitUntil(() -> get(http, httpPort, "/actuator/health/mail").contains("\"checkAtStart\""), CHECK_LIMIT);
        String mailHealth = get(http, httpPort, "/actuator/health/mail");
        String health = get(http, httpPort, "/actuator/health");
        assertAll(
                () -> assertTrue(mailHealth.contains("\"status\":\"UP\"") && mailHealth.contains("\"checkAtStart\""), mailHealth),
                () -> assertTrue(health.contains("\"status\":\"UP\"") && !health.contains("\"mailback\":"), health));
        assertEquals(200, metric.statusCode(), metric.body());
        Matcher count = Pattern.compile("\"value\":([0-9.]+)").matcher(metric.body());
        assertTrue(count.find() && Double.parseDouble(count.group(1)) >= FAILING_REQUESTS,
                "mailback.events.triggering should count the " + FAILING_REQUESTS + " errors: " + metric.body());

        app.destroy(); // SIGTERM on Linux: the JVM's shutdown hooks run, Spring Boot's among them
        boolean exited = app.waitFor(EXIT_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        assertTrue(exited, "the application did not exit within " + EXIT_LIMIT.toSeconds() + " s of SIGTERM; output: " + appOutput);
        System.out.println("application exited with " + app.exitValue() + "; its output: " + appOutput);

        // The emails went out before the JVM exited; give the server a moment to have stored the last one.
        int expectedEvents = FAILING_REQUESTS + 1;
        awaitUntil(() -> eventsReported(emails()) >= expectedEvents, MAIL_LIMIT);

        List<MimeMessage> emails = emails();
        for (MimeMessage email : emails) {
            System.out.println("received: X-Mailback-Events: " + header(email, "X-Mailback-Events")
                    + " | Subject: " + email.getSubject());
        }
        List<String> output = readOutput().lines().toList();
        List<String> statusProblems = output.stream().filter(line -> MAILBACK_STATUS_PROBLEM.matcher(line).find()).toList();
        long errorsLogged = output.stream().filter(line -> ERROR_LOGGED.matcher(line).find()).count();
        assertAll(
                () -> assertTrue(emails.stream().anyMatch(e -> body(e).contains(SHUTDOWN_ERROR)),
                        "no email carries the error logged by @PreDestroy (\"" + SHUTDOWN_ERROR + "\"); "
                                + emails.size() + " email(s) received"),
                () -> assertEquals(expectedEvents, eventsReported(emails),
                        "X-Mailback-Events of all emails should add up to " + FAILING_REQUESTS
                                + " request errors + 1 shutdown error (the application logged " + errorsLogged + " ERROR events)"),
                () -> assertTrue(statusProblems.isEmpty(), "mailback status warnings or errors in the application's output ("
                        + appOutput + "):\n" + String.join("\n", statusProblems)));

        // What an engineer on call reads first: the root cause and the application's frame, in the
        // subject and among a few stack lines, not the dispatcherServlet logger and 50 framework frames.
        MimeMessage first = emails.get(0);
        String subject = subject(first);
        String text = textPart(first);
        long atLines = text.lines().filter(line -> line.startsWith("\tat ")).count();
        assertAll(
                () -> assertTrue(subject.startsWith("SQLTransientConnectionException: ") && subject.contains("(OrderStore.")
                        && subject.contains(" on order-service"), subject),
                () -> assertTrue(text.contains("\tat io.github.mailback.samples.spring.OrderController."), text),
                () -> assertTrue(atLines <= 25, atLines + " 'at' lines in the first email:\n" + text));
    }

    private Process startApplication(int smtpPort) throws IOException {
        // Set by the failsafe plugin (pom.xml): the repackaged jar, and a folder for the application's output.
        String jarProperty = System.getProperty("sample.jar");
        assertNotNull(jarProperty, "sample.jar is not set: run this test with mvn verify");
        Path jar = Path.of(jarProperty);
        assertTrue(Files.isRegularFile(jar), "no packaged application at " + jar);
        Path out = Path.of(System.getProperty("sample.out", "target/it"));
        Files.createDirectories(out);
        appOutput = out.resolve("order-service.out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java,
                // Starts in about a third of the time on a small machine; spring-boot:run does the same.
                "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString(),
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--mailback.smtp-host=127.0.0.1",
                "--mailback.smtp-port=" + smtpPort,
                "--mailback.to=oncall@example.com",
                // A spool of its own for each start: what an earlier run left must not count here.
                "--mailback.spool-dir=" + Files.createTempDirectory(out, "spool"));
        builder.redirectErrorStream(true);
        builder.redirectOutput(appOutput.toFile());
        return builder.start();
    }

    private static String get(HttpClient http, int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Reads the application's output until Tomcat says which port it took. */
    private int awaitTomcatPort() throws IOException {
        long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
        while (true) {
            Matcher m = TOMCAT_STARTED.matcher(readOutput());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!app.isAlive()) {
                fail("the application exited with " + app.exitValue() + " before Tomcat started; output: " + appOutput);
            }
            if (System.nanoTime() - deadline > 0) {
                fail("Tomcat did not start within " + STARTUP_LIMIT.toSeconds() + " s; output: " + appOutput);
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    /** The application's output so far (a line being written may end in a partial character: decoded leniently). */
    private String readOutput() throws IOException {
        return new String(Files.readAllBytes(appOutput), StandardCharsets.UTF_8);
    }

    private static void awaitUntil(BooleanSupplier condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    /** The emails received, once each (GreenMail keeps a copy per recipient). */
    private List<MimeMessage> emails() {
        Set<String> seen = new HashSet<>();
        List<MimeMessage> emails = new ArrayList<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            if (seen.add(header(m, "Message-ID"))) {
                emails.add(m);
            }
        }
        return emails;
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static long eventsReported(List<MimeMessage> emails) {
        long sum = 0;
        for (MimeMessage m : emails) {
            String v = header(m, "X-Mailback-Events");
            if (v == null) {
                throw new AssertionError("an email without X-Mailback-Events: " + header(m, "Subject"));
            }
            sum += Long.parseLong(v.trim());
        }
        return sum;
    }

    private static String header(MimeMessage m, String name) {
        try {
            return m.getHeader(name, ",");
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    /** The plain-text part (the first of multipart/alternative), decoded. */
    private static String textPart(MimeMessage m) {
        try {
            Object content = m.getContent();
            return (String) (content instanceof Multipart mp ? mp.getBodyPart(0).getContent() : content);
        } catch (IOException | MessagingException e) {
            throw new AssertionError(e);
        }
    }

    /** Every text part, decoded. */
    private static String body(MimeMessage m) {
        try {
            StringBuilder sb = new StringBuilder();
            collect(m.getContent(), sb);
            return sb.toString();
        } catch (IOException | MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static void collect(Object content, StringBuilder sb) throws IOException, MessagingException {
        if (content instanceof String s) {
            sb.append(s).append('\n');
        } else if (content instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                collect(mp.getBodyPart(i).getContent(), sb);
            }
        }
    }
}
