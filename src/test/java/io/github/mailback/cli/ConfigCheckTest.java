package io.github.mailback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code --check-config}: one test email through each SmtpAppender of a logback.xml, with its settings. */
@Timeout(60)
class ConfigCheckTest {
    @RegisterExtension
    static final GreenMailExtension GREENMAIL = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withPerMethodLifecycle(true);

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int check(Path config, String... more) {
        String[] args = new String[more.length + 2];
        args[0] = "--check-config";
        args[1] = config.toString();
        System.arraycopy(more, 0, args, 2, more.length);
        return Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
    }

    private static String appender(String name, int port, String to) {
        return "<appender name=\"" + name + "\" class=\"io.github.mailback.SmtpAppender\">"
                + "<smtpHost>127.0.0.1</smtpHost><smtpPort>" + port + "</smtpPort>"
                + "<from>app@example.com</from><to>" + to + "</to>"
                + "<connectTimeout>2 seconds</connectTimeout><timeout>2 seconds</timeout>"
                + "<registerShutdownHook>false</registerShutdownHook></appender>";
    }

    private Path config(String appenders, String refs) throws Exception {
        Path file = dir.resolve("logback.xml");
        Files.writeString(file, "<configuration>" + appenders + "<root level=\"INFO\">" + refs + "</root></configuration>");
        return file;
    }

    /**
     * As a user runs it, in a JVM of its own, with an application's class path that has Micrometer and
     * no logging configuration of its own (the tests' logback-test.xml left out): the report alone, no
     * DEBUG line from a library that logs through an unconfigured Logback.
     */
    @Test
    void printsItsReportAloneWithMicrometerOnTheClassPath() throws Exception {
        Path file = config(appender("OPS", GREENMAIL.getSmtp().getPort(), "ops@example.com"), "<appender-ref ref=\"OPS\"/>");
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        assertTrue(classPath.contains("micrometer-core"), classPath);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", classPath, Main.class.getName(), "--check-config",
                file.toString()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(Main.SENT, p.exitValue(), output);
        assertTrue(output.contains("appender OPS: sent to ops@example.com"), output);
        assertFalse(output.contains("DEBUG"), output);
    }

    @Test
    void withoutASpoolItSaysThatAKillLosesWhatIsPending() throws Exception {
        Path file = config(appender("OPS", GREENMAIL.getSmtp().getPort(), "ops@example.com"), "<appender-ref ref=\"OPS\"/>");
        assertEquals(Main.SENT, check(file), err.toString(StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("appender OPS: no spoolDir: alerts pending when the process is killed"), printed);
    }

    /** Against the spool of a service that runs: it reports what the spool holds and changes nothing in it. */
    @Test
    void readsALiveServicesSpoolWithoutTakingItsLockOrChangingIt() throws Exception {
        Path spool = dir.resolve("spool");
        ch.qos.logback.classic.LoggerContext live = new ch.qos.logback.classic.LoggerContext(); // named "default"
        live.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        io.github.mailback.SmtpAppender service = new io.github.mailback.SmtpAppender();
        service.setContext(live);
        service.setName("OPS");
        service.setSmtpHost("127.0.0.1");
        service.setSmtpPort(GREENMAIL.getSmtp().getPort());
        service.setFrom("app@example.com");
        service.addTo("ops@example.com");
        service.setBatchWindow("1 hour");
        service.setSpoolDir(spool.toString());
        service.setVerifyOnStart(false);
        service.setRegisterShutdownHook(false);
        service.start();
        live.getLogger("ROOT").addAppender(service);
        try {
            live.getLogger("com.example.Orders").error("payment failed");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (service.getSpoolEntries() < 2 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            assertEquals(2, service.getSpoolEntries(), "the error in the spool");
            Map<String, String> before = files(spool);

            Path file = config(appender("OPS", GREENMAIL.getSmtp().getPort(), "ops@example.com")
                    .replace("</appender>", "<spoolDir>" + spool + "</spoolDir></appender>"), "<appender-ref ref=\"OPS\"/>");
            assertEquals(Main.SENT, check(file), err.toString(StandardCharsets.UTF_8));

            String printed = out.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("appender OPS: spool " + spool.resolve("default").resolve("OPS") + ": writable, 2 "
                    + "record(s)"), printed);
            assertTrue(printed.contains("1 error event(s) pending in 1 group(s)"), printed);
            assertTrue(printed.contains("appender OPS: last run: process " + ProcessHandle.current().pid()), printed);
            assertTrue(printed.contains("running now, or ended without a clean stop"), printed);
            assertEquals(before, files(spool), "nothing written, moved or locked anew");
            assertEquals(2, service.getSpoolEntries());

            // The same files as a killed run leaves them, no process holding them: still nothing recovered or written.
            Path dead = dir.resolve("dead");
            Files.createDirectories(dead.resolve("default").resolve("OPS"));
            try (java.util.stream.Stream<Path> records = Files.list(spool.resolve("default").resolve("OPS"))) {
                for (Path p : records.toList()) {
                    Files.copy(p, dead.resolve("default").resolve("OPS").resolve(p.getFileName()),
                            java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            Map<String, String> copied = files(dead);
            assertEquals(Main.SENT, check(config(appender("OPS", GREENMAIL.getSmtp().getPort(), "ops@example.com")
                    .replace("</appender>", "<spoolDir>" + dead + "</spoolDir></appender>"), "<appender-ref ref=\"OPS\"/>")),
                    err.toString(StandardCharsets.UTF_8));
            assertEquals(copied, files(dead), "no recovery, no run mark");
        } finally {
            live.stop();
        }
    }

    /** Every file under the folder, with its size and time. */
    private static Map<String, String> files(Path root) throws Exception {
        Map<String, String> files = new java.util.TreeMap<>();
        try (java.util.stream.Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                files.put(root.relativize(p).toString(), Files.isDirectory(p) ? "dir"
                        : Files.size(p) + " " + Files.getLastModifiedTime(p));
            }
        }
        return files;
    }

    @Test
    void sendsATestEmailThroughEachAppenderEvenInsideAnAsyncAppender() throws Exception {
        int port = GREENMAIL.getSmtp().getPort();
        Path file = config(appender("OPS", port, "ops@example.com")
                + "<appender name=\"ASYNC\" class=\"ch.qos.logback.classic.AsyncAppender\"><appender-ref ref=\"DEV\"/></appender>"
                + appender("DEV", port, "%X{team:-dev}@example.com"),
                "<appender-ref ref=\"OPS\"/><appender-ref ref=\"ASYNC\"/>");

        assertEquals(Main.SENT, check(file, "--verbose"), err.toString(StandardCharsets.UTF_8));

        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("appender OPS: sent to ops@example.com"), printed);
        assertTrue(printed.contains("appender DEV: sent to dev@example.com"), printed);
        assertTrue(printed.contains("C: MAIL FROM:<app@example.com>"), "--verbose shows the dialogue: " + printed);
        assertTrue(GREENMAIL.waitForIncomingEmail(5000, 2));
        for (MimeMessage m : GREENMAIL.getReceivedMessages()) {
            assertTrue(m.getSubject().startsWith("mailback test email: appender "), m.getSubject());
            assertEquals("0", m.getHeader("X-Mailback-Events", null), "a test email reports no event");
        }
    }

    @Test
    void aContextNameInTheFileIsTakenAsTheApplicationTakesIt() throws Exception {
        Path file = config("<contextName>orders</contextName>" + appender("OPS", GREENMAIL.getSmtp().getPort(),
                "ops@example.com"), "<appender-ref ref=\"OPS\"/>");

        assertEquals(Main.SENT, check(file), err.toString(StandardCharsets.UTF_8));

        assertFalse(err.toString(StandardCharsets.UTF_8).contains("rename"), err.toString(StandardCharsets.UTF_8));
        assertTrue(GREENMAIL.waitForIncomingEmail(5000, 1));
        String subject = GREENMAIL.getReceivedMessages()[GREENMAIL.getReceivedMessages().length - 1].getSubject();
        assertTrue(subject.contains("orders"), subject);
    }

    @Test
    void anUnreachableServerFailsThatAppenderAndTheRun() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path file = config(appender("GOOD", GREENMAIL.getSmtp().getPort(), "ops@example.com")
                + appender("DOWN", closed, "ops@example.com"), "<appender-ref ref=\"GOOD\"/><appender-ref ref=\"DOWN\"/>");

        assertEquals(Main.PERMANENT_FAILURE, check(file));

        assertTrue(out.toString(StandardCharsets.UTF_8).contains("appender GOOD: sent"), out.toString(StandardCharsets.UTF_8));
        String errors = err.toString(StandardCharsets.UTF_8);
        assertTrue(errors.contains("appender DOWN: FAILED: ") && errors.contains("127.0.0.1:" + closed), errors);
    }

    @Test
    void aBadConfigurationNamesTheProperty() throws Exception {
        Path file = config("<appender name=\"BAD\" class=\"io.github.mailback.SmtpAppender\">"
                + "<smtpHost>127.0.0.1</smtpHost><from>app@example.com</from><to>ops@example.com</to>"
                + "<rateLimit>lots</rateLimit><registerShutdownHook>false</registerShutdownHook></appender>",
                "<appender-ref ref=\"BAD\"/>");

        assertEquals(Main.PERMANENT_FAILURE, check(file));

        String errors = err.toString(StandardCharsets.UTF_8);
        assertTrue(errors.contains("rateLimit"), errors);
        assertTrue(errors.contains("appender BAD: FAILED: not started"), errors);
        assertEquals(0, GREENMAIL.getReceivedMessages().length);
    }

    @Test
    void aFileWithoutSmtpAppenderIsAUsageError() throws Exception {
        Path file = config("<appender name=\"CONSOLE\" class=\"ch.qos.logback.core.ConsoleAppender\">"
                + "<encoder><pattern>%msg%n</pattern></encoder></appender>", "<appender-ref ref=\"CONSOLE\"/>");
        assertEquals(Main.USAGE, check(file));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no io.github.mailback.SmtpAppender"));
        assertEquals(Main.USAGE, check(dir.resolve("missing.xml")));
        assertFalse(err.toString(StandardCharsets.UTF_8).isEmpty());
    }

    @Test
    void aBlankUsernameFromAnUnsetVariableMeansNoAuthentication() throws Exception {
        Path file = config("<appender name=\"MAIL\" class=\"io.github.mailback.SmtpAppender\">"
                + "<smtpHost>127.0.0.1</smtpHost><smtpPort>" + GREENMAIL.getSmtp().getPort() + "</smtpPort>"
                + "<username>${MAILBACK_TEST_UNSET_USER:-}</username><password>${MAILBACK_TEST_UNSET_PASSWORD:-}</password>"
                + "<from>app@example.com</from><to>ops@example.com</to>"
                + "<registerShutdownHook>false</registerShutdownHook></appender>", "<appender-ref ref=\"MAIL\"/>");

        assertEquals(Main.SENT, check(file, "--verbose"), err.toString(StandardCharsets.UTF_8));

        String dialogue = out.toString(StandardCharsets.UTF_8);
        assertTrue(dialogue.contains("C: MAIL FROM:"), dialogue);
        assertFalse(dialogue.contains("C: AUTH"), dialogue);
    }

    private int checkWithEnv(Map<String, String> env, Path config, String... more) {
        String[] args = new String[more.length + 2];
        args[0] = "--check-config";
        args[1] = config.toString();
        System.arraycopy(more, 0, args, 2, more.length);
        return Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
    }

    /** A logback-spring.xml as Spring Boot reads it: springProperty for the settings, one appender per profile. */
    private Path springXml() throws Exception {
        Path file = dir.resolve("logback-spring.xml");
        Files.writeString(file, """
                <configuration>
                  <springProperty name="smtpHost" source="alerts.smtp.host" defaultValue="127.0.0.1"/>
                  <springProperty name="smtpPort" source="alerts.smtp.port"/>
                  <springProperty name="alertTo" source="alerts.to"/>
                  <springProfile name="prod">
                    <appender name="PROD" class="io.github.mailback.SmtpAppender">
                      <smtpHost>${smtpHost}</smtpHost><smtpPort>${smtpPort}</smtpPort>
                      <from>app@example.com</from><to>${alertTo}</to>
                      <registerShutdownHook>false</registerShutdownHook>
                    </appender>
                    <root level="INFO"><appender-ref ref="PROD"/></root>
                  </springProfile>
                  <springProfile name="!prod">
                    <appender name="DEV" class="io.github.mailback.SmtpAppender">
                      <smtpHost>${smtpHost}</smtpHost><smtpPort>${smtpPort}</smtpPort>
                      <from>app@example.com</from><to>dev@example.com</to>
                      <registerShutdownHook>false</registerShutdownHook>
                    </appender>
                    <root level="INFO"><appender-ref ref="DEV"/></root>
                  </springProfile>
                </configuration>
                """);
        return file;
    }

    @Test
    void aSpringBootFileTakesSpringPropertiesFromTheCommandLineAndTheEnvironmentAndItsProfileBlocks() throws Exception {
        int port = GREENMAIL.getSmtp().getPort();
        // alerts.to from the environment, as Spring's relaxed binding reads it; the host from its defaultValue.
        int status = checkWithEnv(Map.of("ALERTS_TO", "oncall@example.com"), springXml(),
                "--property", "alerts.smtp.port=" + port, "--profile", "prod");

        String printed = out.toString(StandardCharsets.UTF_8);
        assertEquals(Main.SENT, status, printed + err.toString(StandardCharsets.UTF_8));
        assertTrue(printed.contains("springProfile \"prod\": used (active profiles: prod)"), printed);
        assertTrue(printed.contains("springProfile \"!prod\": ignored"), printed);
        assertTrue(printed.contains("appender PROD: sent to oncall@example.com"), printed);
        assertFalse(printed.contains("appender DEV"), printed);
        assertFalse(err.toString(StandardCharsets.UTF_8).contains("springProperty"),
                "Logback no longer ignores springProperty: " + err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anUndefinedVariableIsReportedAsSuchAndNothingIsTried() throws Exception {
        int status = checkWithEnv(Map.of(), springXml(), "--property", "alerts.smtp.host=mail.invalid");

        String errors = err.toString(StandardCharsets.UTF_8);
        assertEquals(Main.PERMANENT_FAILURE, status, errors);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("springProfile \"!prod\": used (active profiles: default)"),
                out.toString(StandardCharsets.UTF_8));
        assertTrue(errors.contains("undefined: ${smtpPort}, the springProperty of alerts.smtp.port: give --property "
                + "alerts.smtp.port=VALUE"), errors);
        assertTrue(errors.contains("appender DEV: FAILED: not tried: its configuration has undefined variables"), errors);
        assertFalse(errors.contains("UnknownHost"), "no DNS lookup of an undefined name: " + errors);
    }

    @Test
    void aPlainVariableGivenWithPropertyIsDefined() throws Exception {
        Path file = config(appender("MAIL", GREENMAIL.getSmtp().getPort(), "${team}@example.com"),
                "<appender-ref ref=\"MAIL\"/>");
        assertEquals(Main.PERMANENT_FAILURE, check(file));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("undefined: ${team}: give --property team=VALUE"),
                err.toString(StandardCharsets.UTF_8));

        err.reset();
        assertEquals(Main.SENT, check(file, "--property", "team=ops"), err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("sent to ops@example.com"));
    }

    @Test
    void aFailedIncludeIsSaidAsSuch() throws Exception {
        Path file = dir.resolve("logback-spring.xml");
        Files.writeString(file, "<configuration><include resource=\"org/example/missing/base.xml\"/></configuration>");

        assertEquals(Main.USAGE, check(file));

        String errors = err.toString(StandardCharsets.UTF_8);
        assertTrue(errors.contains("include failed: ") && errors.contains("org/example/missing/base.xml"), errors);
        assertTrue(errors.contains("and an <include> failed (above)"), errors);
    }
}
