package io.github.mailback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.status.Status;
import io.github.mailback.SmtpAppender;
import io.github.mailback.config.Settings;
import io.github.mailback.docs.Docs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every configuration example of the documentation (each {@code xml} block of README.md and docs/*.md
 * that declares an {@code SmtpAppender}) loads in a Logback context without a single warning or error
 * status, and its appenders start: an element that names no property, a wrong value, a component that
 * does not start, all fail here. The examples are loaded as {@code --check-config} loads a file (Spring's
 * {@code springProperty} and {@code springProfile} understood, nothing sent, no check at start, no spool
 * opened), with what they leave to their environment given sensible values: their {@code ${...}}
 * variables, Spring Boot's included {@code base.xml}, a Google service account's key file.
 */
@Timeout(120)
class DocsConfigurationExamplesTest {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+)(:-[^}]*)?}");
    private static final Pattern DEFINED = Pattern.compile("<(?:springProperty|property|variable)\\s+name=\"([^\"]+)\"");
    private static final Pattern SPRING_SOURCE = Pattern.compile("<springProperty[^>]*\\ssource=\"([^\"]+)\"");
    private static final Pattern APPENDER = Pattern.compile("<appender\\s+name=\"([^\"]+)\"");
    private static final Pattern KEY_FILE = Pattern.compile("<keyFile>[^<]*</keyFile>");
    private static final String SPRING_BASE = "<include resource=\"org/springframework/boot/logging/logback/base.xml\"/>";
    /** What Spring Boot's base.xml gives the examples that include it: its CONSOLE appender. */
    private static final String CONSOLE = "<appender name=\"CONSOLE\" class=\"ch.qos.logback.core.ConsoleAppender\">"
            + "<encoder><pattern>%msg%n</pattern></encoder></appender>";

    @TempDir
    static Path dir;
    private static Path keyFile;

    @BeforeAll
    static void serviceAccountKey() throws GeneralSecurityException, IOException {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(rsa.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        keyFile = Files.writeString(dir.resolve("service-account.json"), "{\"type\":\"service_account\",\"private_key\":\""
                + pem.replace("\r\n", "\\n").replace("\n", "\\n") + "\",\"client_email\":\"sender@project.iam.gserviceaccount.com\","
                + "\"token_uri\":\"https://oauth2.googleapis.com/token\"}");
    }

    /** The xml blocks that declare an SmtpAppender, in every page of the user documentation. */
    static List<Docs.Block> examples() {
        List<Docs.Block> examples = new ArrayList<>();
        for (Path file : Docs.userDocs()) {
            for (Docs.Block block : Docs.blocks(file)) {
                if (block.language().equals("xml") && block.text().contains("io.github.mailback.SmtpAppender")) {
                    examples.add(block);
                }
            }
        }
        return examples;
    }

    @Test
    void everyConfigurationExampleLoadsWithoutAWarningAndStarts() {
        List<Docs.Block> examples = examples();
        assertTrue(examples.size() >= 15, "too few examples found, the parsing must be wrong: " + examples.size());
        List<String> failures = new ArrayList<>();
        for (Docs.Block example : examples) {
            String problem = load(example.text());
            if (problem != null) {
                failures.add(example.where() + ":\n" + problem);
            }
        }
        assertEquals("", String.join("\n\n", failures), failures.size() + " of " + examples.size()
                + " examples do not load cleanly");
    }

    /** Loads one example; returns what is wrong with it, or null. */
    static String load(String example) {
        String xml = prepare(example);
        // Unnamed, as an application's context is before its configuration: a <contextName> names it.
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        // As --check-config: the appenders send nothing, check nothing at start, open no spool, register no meters.
        context.putObject(Settings.CONFIG_CHECK, Boolean.TRUE);
        variables(example).forEach(context::putProperty);
        SpringXml configurator = new SpringXml(springProperties(example), Map.of(), List.of("default"),
                new PrintStream(OutputStream.nullOutputStream()));
        try {
            configurator.setContext(context);
            configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            List<String> problems = new ArrayList<>();
            for (Status s : context.getStatusManager().getCopyOfStatusList()) {
                if (s.getEffectiveLevel() >= Status.WARN) {
                    problems.add((s.getLevel() == Status.ERROR ? "ERROR " : "WARN ") + s.getMessage());
                }
            }
            List<SmtpAppender> appenders = smtpAppenders(context);
            if (appenders.isEmpty()) {
                problems.add("no SmtpAppender is attached to a logger");
            }
            for (SmtpAppender a : appenders) {
                if (!a.isStarted()) {
                    problems.add("the appender " + a.getName() + " did not start");
                }
            }
            return problems.isEmpty() ? null : String.join("\n", problems) + "\nas loaded:\n" + xml;
        } catch (Exception e) {
            return e + "\nas loaded:\n" + xml;
        } finally {
            context.stop();
        }
    }

    /**
     * The example as a whole configuration: an appender alone is wrapped, with every appender it
     * declares on the root logger; Spring Boot's base.xml becomes its CONSOLE appender; a key file
     * becomes one that exists.
     */
    static String prepare(String example) {
        String xml = example.replace(SPRING_BASE, CONSOLE);
        xml = KEY_FILE.matcher(xml).replaceAll(Matcher.quoteReplacement("<keyFile>" + keyFile + "</keyFile>"));
        if (!xml.contains("<configuration")) {
            StringBuilder root = new StringBuilder("<root level=\"INFO\">");
            Matcher m = APPENDER.matcher(xml);
            while (m.find()) {
                root.append("<appender-ref ref=\"").append(m.group(1)).append("\"/>");
            }
            xml = "<configuration>\n" + xml + root.append("</root>\n</configuration>\n");
        }
        return xml;
    }

    /** A value for each ${NAME} the example leaves to its environment (none for those with a default). */
    static Map<String, String> variables(String example) {
        Set<String> defined = new TreeSet<>();
        Matcher d = DEFINED.matcher(example);
        while (d.find()) {
            defined.add(d.group(1));
        }
        Map<String, String> values = new LinkedHashMap<>();
        Matcher m = VARIABLE.matcher(example);
        while (m.find()) {
            if (m.group(2) == null && !defined.contains(m.group(1))) {
                values.put(m.group(1), valueFor(m.group(1)));
            }
        }
        return values;
    }

    /** The Spring properties the example's springProperty elements read. */
    static Map<String, String> springProperties(String example) {
        Map<String, String> values = new LinkedHashMap<>();
        Matcher m = SPRING_SOURCE.matcher(example);
        while (m.find()) {
            values.put(m.group(1), valueFor(m.group(1)));
        }
        return values;
    }

    /** What a variable of that name holds in a real deployment, near enough. */
    static String valueFor(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (n.contains("PASSWORD") || n.contains("SECRET") || n.contains("TOKEN") || n.contains("KEY")) {
            return "example-secret";
        }
        if (n.contains("PORT")) {
            return "2525";
        }
        if (n.contains("HOST")) {
            return "smtp.example.com";
        }
        if (n.contains("USER") || n.contains("FROM") || n.endsWith("TO")) {
            return "alerts@example.com";
        }
        return "example";
    }

    /** Every SmtpAppender attached to a logger, also inside a wrapper such as AsyncAppender. */
    private static List<SmtpAppender> smtpAppenders(LoggerContext context) {
        List<SmtpAppender> found = new ArrayList<>();
        for (Logger logger : context.getLoggerList()) {
            collect(logger, found);
        }
        return found;
    }

    private static void collect(AppenderAttachable<ILoggingEvent> holder, List<SmtpAppender> found) {
        for (Iterator<Appender<ILoggingEvent>> it = holder.iteratorForAppenders(); it.hasNext();) {
            Appender<ILoggingEvent> a = it.next();
            if (a instanceof SmtpAppender smtp && !found.contains(smtp)) {
                found.add(smtp);
            } else if (a instanceof AppenderAttachable<?> wrapper) {
                @SuppressWarnings("unchecked")
                AppenderAttachable<ILoggingEvent> inner = (AppenderAttachable<ILoggingEvent>) wrapper;
                collect(inner, found);
            }
        }
    }

    /** The example in docs/security.md is the class the examples use, compiled with the tests. */
    @Test
    void theStatusListenerOfTheSecurityPageIsTheOneTested() throws IOException {
        String page = Files.readString(Path.of("docs", "security.md"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("```java\n(package com\\.example\\.logging;.*?)```", Pattern.DOTALL).matcher(page);
        assertTrue(m.find(), "docs/security.md shows no WarnStatusListener");
        assertEquals(Files.readString(Path.of("src", "test", "java", "com", "example", "logging", "WarnStatusListener.java"),
                StandardCharsets.UTF_8), m.group(1));
    }

    @Test
    void anUnknownElementOrAWrongValueIsCaught() {
        String unknown = load("<appender name=\"MAIL\" class=\"io.github.mailback.SmtpAppender\">\n"
                + "  <smtpHost>smtp.example.com</smtpHost>\n  <to>ops@example.com</to>\n"
                + "  <rateLimits>30/hour</rateLimits>\n</appender>\n");
        String wrong = load("<appender name=\"MAIL\" class=\"io.github.mailback.SmtpAppender\">\n"
                + "  <smtpHost>smtp.example.com</smtpHost>\n  <to>ops@example.com</to>\n"
                + "  <rateLimit>30 an hour</rateLimit>\n</appender>\n");
        assertTrue(unknown != null && unknown.contains("rateLimits"), String.valueOf(unknown));
        assertTrue(wrong != null && wrong.contains("rateLimit"), String.valueOf(wrong));
    }
}
