package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mailback.testing.RecordedMessage;
import io.github.mailback.testing.ScriptedSmtpServer;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Digests that remember across runs, with real processes on one spoolDir: a crash loop mails once or twice,
 * not once per start; a run that dies is reported by the next; a second instance takes the spool over.
 */
@Timeout(180)
class SpoolRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ERROR = "log:cannot open the database";

    @TempDir
    Path dir;
    private ScriptedSmtpServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new ScriptedSmtpServer().start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void aCrashLoopOfTwentyStartsMailsAtMostTwiceAndTheRepeatAddsUp() throws Exception {
        // A service that fails at start: it logs its error and calls System.exit, 20 times over.
        for (int i = 0; i < 20; i++) {
            try (LiveJvm run = start(Map.of(), ERROR, "exit:1")) {
                assertEquals(1, run.awaitExit(WAIT), run.output());
            }
        }
        List<MimeMessage> loop = distinct();
        assertTrue(loop.size() <= 2, loop.size() + " emails for 20 starts");
        assertEquals("1", MailServer.header(loop.get(0), "X-Mailback-Events"));
        assertEquals(null, MailServer.header(loop.get(0), "X-Mailback-Unclean-Exits"), "System.exit is a clean stop");

        // The fix is deployed; its repeatInterval comes, and the repeat reports the rest of the loop.
        try (LiveJvm run = start(Map.of("repeatInterval", "1 second"), "await-sent:1", "print:SENT", "park")) {
            run.awaitLine("SENT", WAIT);
            assertEquals(143, run.terminate(), run.output());
        }
        List<MimeMessage> all = distinct();
        long events = 0;
        for (MimeMessage m : all) {
            events += MailServer.events(m);
        }
        assertEquals(20, events, "the X-Mailback-Events of the distinct emails add up to the errors logged");
        MimeMessage repeat = all.get(all.size() - 1);
        assertTrue(MailServer.body(repeat).contains("20 runs"), MailServer.body(repeat));
    }

    @Test
    void runsKilledWithoutAnErrorAreReportedAsUncleanExitsThatAddUp() throws Exception {
        for (int i = 0; i < 5; i++) {
            try (LiveJvm run = start(Map.of(), "wait-spool", "print:UP", "park")) {
                run.awaitLine("UP", WAIT);
                run.kill();
            }
        }
        assertTrue(distinct().size() <= 2, distinct().size() + " emails for 5 kills");
        try (LiveJvm run = start(Map.of("repeatInterval", "1 second"), "wait-spool", "print:UP", "park")) {
            run.awaitLine("UP", WAIT);
            Await.until("the repeat", WAIT, () -> uncleanExits() == 5, run::output);
            assertEquals(143, run.terminate(), run.output());
        }
        MimeMessage first = distinct().get(0);
        assertEquals("0", MailServer.header(first, "X-Mailback-Events"), "an unclean exit is not an error event");
        String body = MailServer.body(first);
        assertTrue(body.contains("A run ended without a clean stop: process "), body);
        assertTrue(body.contains("last seen alive "), body);
        assertEquals(5, uncleanExits());
    }

    @Test
    void aSecondInstanceRunsWithoutTheSpoolThenTakesItOverWhenTheFirstDies() throws Exception {
        try (LiveJvm blue = start(Map.of("batchWindow", "1 hour"), "wait-spool", ERROR, "pause:1000", "print:LOGGED",
                "park")) {
            blue.awaitLine("LOGGED", WAIT);
            try (LiveJvm green = start(Map.of("batchWindow", "1 hour"), "print:UP", "log:a refund failed", "park")) {
                green.awaitLine("UP", WAIT);
                Await.until("green's status", WAIT, () -> green.output().contains("is held by another process"),
                        green::output);
                blue.kill();
                // Green takes the spool over within seconds, with blue's error, and mails both on its stop.
                Await.until("the takeover", WAIT, () -> green.output().contains("Took over the spool"), green::output);
                assertEquals(143, green.terminate(), green.output());
            }
        }
        long events = 0;
        for (MimeMessage m : distinct()) {
            events += MailServer.events(m);
        }
        assertEquals(2, events, "blue's error and green's");
    }

    private LiveJvm start(Map<String, String> timings, String... steps) throws Exception {
        Map<String, String> p = new HashMap<>(timings);
        p.put("smtpPort", Integer.toString(server.port()));
        p.put("spoolDir", dir.resolve("spool").toString());
        return LiveJvm.start(SpoolChild.class, p, steps);
    }

    /** The messages received, one per Message-ID, in order. */
    private List<MimeMessage> distinct() throws Exception {
        Map<String, MimeMessage> byId = new LinkedHashMap<>();
        for (RecordedMessage m : server.messages()) {
            MimeMessage mime = new MimeMessage(null, new ByteArrayInputStream(m.data()));
            byId.putIfAbsent(MailServer.header(mime, "Message-ID"), mime);
        }
        return new ArrayList<>(byId.values());
    }

    private long uncleanExits() {
        try {
            long n = 0;
            for (MimeMessage m : distinct()) {
                String h = MailServer.header(m, "X-Mailback-Unclean-Exits");
                n += h == null ? 0 : Long.parseLong(h);
            }
            return n;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
