package io.github.mailback.starter.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The starter in a real application, run as a process (java -jar) on the Boot line this module
 * packaged it for, with GreenMail as its mail server: errors mailed across a restart in the same JVM
 * and at shutdown, the health contributor, the endpoint and the meters; a start that fails, mailed;
 * a wrong property, stopped by its failure analysis; and the logback-spring.xml way.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StarterIT {
    private static final Duration MAIL_LIMIT = Duration.ofSeconds(10);
    private static final Duration CHECK_LIMIT = Duration.ofSeconds(20);
    private static final String LINE = System.getProperty("it.boot-line", "?");

    private Mailbox mailbox;
    private ApplicationProcess app;

    @BeforeEach
    void startMailServer() {
        mailbox = new Mailbox();
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (app != null) {
            app.close();
        }
        mailbox.close();
    }

    /**
     * The server and credentials from spring.mail.* (only mailback.to is mailback's); 100 failing
     * requests, a restart in the same JVM, 100 more, then SIGTERM. The batch window is an hour, so
     * nothing is mailed before the end unless something sends too early: a restart must neither send a
     * final digest nor lose what is pending, and leave one appender on the root logger.
     */
    @Test
    void errorsAreKeptAcrossARestartAndMailedAtShutdown() throws Exception {
        boolean globalRegistry = Boolean.parseBoolean(System.getProperty("it.global-registry", "true"));
        app = ApplicationProcess.start("restart-and-shutdown-" + LINE, List.of(
                "--spring.mail.host=127.0.0.1",
                "--spring.mail.port=" + mailbox.port(),
                "--spring.mail.username=" + Mailbox.USER,
                "--spring.mail.password=" + Mailbox.PASSWORD,
                "--mailback.to=oncall@example.com",
                "--mailback.batch-window=1h",
                "--management.metrics.use-global-registry=" + globalRegistry,
                "--management.endpoint.mailback.access=unrestricted"));
        Http http = new Http(app.awaitTomcatPort(1));

        // The health contributor: in the "mail" group, from the check at start (which authenticated with
        // spring.mail's user: GreenMail checks the password); never in /actuator/health.
        Await.until(() -> body(http, "/actuator/health/mail").contains("\"checkAtStart\""), CHECK_LIMIT,
                () -> body(http, "/actuator/health/mail"));
        HttpResponse<String> mailGroup = http.get("/actuator/health/mail");
        String mailHealth = mailGroup.body();
        HttpResponse<String> rootHealth = http.get("/actuator/health");
        assertAll(
                () -> assertEquals(200, mailGroup.statusCode(), mailHealth),
                () -> assertTrue(mailHealth.contains("\"status\":\"UP\""), mailHealth),
                () -> assertTrue(mailHealth.contains("AUTH PLAIN accepted") || mailHealth.contains("AUTH LOGIN accepted"), mailHealth),
                () -> assertEquals(200, rootHealth.statusCode(), rootHealth.body()),
                () -> assertFalse(rootHealth.body().contains("\"mailback\":"), "mailback is in /actuator/health: " + rootHealth.body()));

        // The endpoint: the settings taken from spring.mail.* and the application, the password masked.
        String endpoint = body(http, "/actuator/mailback");
        assertAll(
                () -> assertTrue(endpoint.contains("\"mailback.app-packages\":\"io.github.mailback.starter.it\""), endpoint),
                () -> assertTrue(endpoint.contains("\"mailback.service\":\"spring.application.name\""), endpoint),
                () -> assertTrue(endpoint.contains("\"mailback.smtp-host\":\"127.0.0.1\""), endpoint),
                () -> assertTrue(endpoint.contains("\"mailback.smtp-host\":\"spring.mail.host\""), endpoint),
                () -> assertTrue(endpoint.contains("\"mailback.password\":\"******\""), endpoint),
                () -> assertFalse(endpoint.contains(Mailbox.PASSWORD), endpoint));

        assertAllFail(http.failingRequests(1, 100));
        assertOneAppenderOnTheRootLogger(http);

        // A restart in the same JVM, as devtools does: the context closes (the outbox's @PreDestroy logs
        // one more error), Spring Boot initialises logging again, and a new context starts.
        assertEquals(200, http.post("/test/restart").statusCode());
        Http restarted = new Http(app.awaitTomcatPort(2));
        assertOneAppenderOnTheRootLogger(restarted);
        String counters = body(restarted, "/actuator/mailback");
        assertAll(
                () -> assertEquals(List.of(), mailbox.alerts(), "an email was sent at the restart: " + mailbox.summary()),
                () -> assertTrue(counters.contains("\"triggeringEvents\":101"), counters),
                () -> assertTrue(counters.contains("\"eventsHeld\":101"), counters));

        // The endpoint's write operation: a test email, then the rate limit.
        String test = restarted.post("/actuator/mailback").body();
        String again = restarted.post("/actuator/mailback").body();
        assertAll(
                () -> assertTrue(test.contains("\"sent\":true"), test),
                () -> assertTrue(again.contains("\"sent\":false") && again.contains("rate limited"), again),
                () -> assertEquals(1, mailbox.emails().size(), mailbox.summary()));

        assertAllFail(restarted.failingRequests(101, 100));
        // Each meter once in Boot's registry, after the restart too: one appender tag, the 201 errors.
        String metric = body(restarted, "/actuator/metrics/mailback.events.triggering");
        assertAll(
                () -> assertEquals(201.0, measurement(metric), metric),
                () -> assertTrue(metric.contains("\"tag\":\"appender\",\"values\":[\"mailback\"]"), metric));

        app.terminate();
        System.out.println("Boot " + LINE + ": application exited with " + app.awaitExit() + "; output: " + app.output);
        long expected = 100 + 1 + 100 + 1; // requests, the restart's @PreDestroy, requests, the last @PreDestroy
        Await.until(() -> mailbox.eventsReported() >= expected, MAIL_LIMIT, mailbox::summary);
        System.out.print(mailbox.summary());
        List<MimeMessage> alerts = mailbox.alerts();
        assertAll(
                () -> assertEquals(expected, mailbox.eventsReported(), "X-Mailback-Events should add up: " + mailbox.summary()),
                () -> assertTrue(alerts.stream().anyMatch(m -> Mailbox.body(m).contains("Could not flush 3 pending orders at shutdown")),
                        "no email carries the error logged by @PreDestroy at shutdown:\n" + mailbox.summary()),
                // The service from spring.application.name; the frame is the application's.
                () -> assertTrue(Mailbox.subject(alerts.get(0)).matches(".*\\(Order(Controller\\.order|Outbox\\.flush)\\) on order-service.*"),
                        Mailbox.subject(alerts.get(0))));
    }

    /** A start that fails is mailed before the JVM exits, with Spring Boot's "Application run failed". */
    @Test
    void aStartThatFailsIsMailed() throws Exception {
        app = ApplicationProcess.start("failed-start-" + LINE, List.of(
                "--mailback.to=oncall@example.com",
                "--mailback.smtp-host=127.0.0.1",
                "--mailback.smtp-port=" + mailbox.port(),
                "--test.fail-on-start=true"));
        int exit = app.awaitExit();
        Await.until(() -> mailbox.alerts().stream().anyMatch(m -> Mailbox.body(m).contains("Application run failed")), MAIL_LIMIT,
                mailbox::summary);
        String bodies = String.join("\n", mailbox.alerts().stream().map(Mailbox::body).toList());
        assertAll(
                () -> assertNotEquals(0, exit, "the application should have failed to start"),
                () -> assertTrue(bodies.contains("Payment gateway unreachable at start"), bodies));
    }

    /** Wrong values stop the start, with Spring's failure analysis naming each mailback.* property. */
    @Test
    void aWrongValueStopsTheStartWithItsPropertyAndWhatIsExpected() throws Exception {
        app = ApplicationProcess.start("wrong-value-" + LINE, List.of(
                "--mailback.to=oncall@example.com",
                "--mailback.smtp-host=127.0.0.1",
                "--mailback.smtp-port=" + mailbox.port(),
                "--mailback.rate-limit=banana",
                "--mailback.batch-window=soon"));
        int exit = app.awaitExit();
        String output = app.output();
        assertAll(
                () -> assertNotEquals(0, exit),
                () -> assertTrue(output.contains("APPLICATION FAILED TO START"), output),
                () -> assertTrue(output.contains("Property: mailback.rate-limit"), output),
                () -> assertTrue(output.contains("such as 12/hour"), output),
                () -> assertTrue(output.contains("Property: mailback.batch-window"), output),
                () -> assertTrue(output.contains("Value: \"soon\""), output),
                () -> assertTrue(output.contains("Origin: \"mailback.batch-window\" from property source \"commandLineArgs\""), output),
                () -> assertEquals(List.of(), mailbox.emails(), mailbox.summary()));
    }

    /**
     * The logback-spring.xml way: the configuration declares its own SmtpAppender, the starter adds none
     * and says which mailback.* properties it ignores; every error is mailed, the shutdown's included,
     * and the meters reach Boot's registry through the starter.
     */
    @Test
    void aLogbackConfigurationWithItsOwnAppenderKeepsIt() throws Exception {
        app = ApplicationProcess.start("logback-xml-" + LINE, List.of(
                "--logging.config=classpath:logback-xml-way.xml",
                "--alerts.smtp.host=127.0.0.1",
                "--alerts.smtp.port=" + mailbox.port(),
                "--alerts.to=oncall@example.com",
                "--mailback.rate-limit=1/minute",
                "--management.metrics.use-global-registry=false"));
        Http http = new Http(app.awaitTomcatPort(1));
        assertAllFail(http.failingRequests(1, 200));
        String logging = body(http, "/test/logging");
        String metric = body(http, "/actuator/metrics/mailback.events.triggering?tag=appender:MAIL");
        assertAll(
                () -> assertTrue(logging.contains("\"MAIL:SmtpAppender\"") && !logging.contains("Forwarder"), logging),
                () -> assertEquals(200.0, measurement(metric), metric),
                () -> assertTrue(app.output().contains("the starter adds none, and ignores mailback.rate-limit"), app.output.toString()));
        app.terminate();
        app.awaitExit();
        Await.until(() -> mailbox.eventsReported() >= 201, MAIL_LIMIT, mailbox::summary);
        assertEquals(201, mailbox.eventsReported(), mailbox.summary());
    }

    private static void assertOneAppenderOnTheRootLogger(Http http) {
        String logging = body(http, "/test/logging");
        assertAll(
                () -> assertEquals(1, count(logging, "mailback:Forwarder"), logging),
                () -> assertTrue(logging.contains("\"smtpAppenderMBeans\":1"), logging),
                () -> assertEquals(1, count(logging, "mailback-sender-"), logging));
    }

    private static void assertAllFail(List<Integer> statuses) {
        assertTrue(statuses.stream().allMatch(s -> s == 500), "every request should fail with 500: " + statuses);
    }

    private static String body(Http http, String path) {
        try {
            return http.get(path).body();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static double measurement(String metric) {
        Matcher m = Pattern.compile("\"value\":([0-9.E]+)").matcher(metric);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
