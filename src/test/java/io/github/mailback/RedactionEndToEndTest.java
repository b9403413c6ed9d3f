package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.html.HTMLLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.status.Status;
import io.github.mailback.testing.ScriptedSmtpServer;
import io.github.mailback.testing.SmtpStage;
import jakarta.mail.Header;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;

/**
 * Secrets logged every way an application logs them go through GreenMail and are searched for in every
 * header and every part of the email received, decoded, and in the appender's status messages. The
 * vendor-shaped values are assembled at run time, so that no secret scanner flags this file.
 */
@Timeout(60)
class RedactionEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String DB_PASSWORD = "Tr0ub4dor-" + "and-3";
    private static final String STRIPE = "sk_" + "live_" + "4eC39HqLyjWDarjtT1zdp7dc";
    private static final String CARD = "4111 1111" + " 1111 1111";
    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9" + ".eyJzdWIiOiJvcHMiLCJleHAiOjE4MDAwMDAwMDB9"
            + ".c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";
    private static final String SESSION = "F1E2D3C4" + "B5A69788";
    private static final String API_KEY = "k3y-" + "9f8e7d6c5b4a";
    private static final List<String> SECRETS = List.of(DB_PASSWORD, STRIPE, CARD, CARD.replace(" ", ""), JWT, SESSION,
            API_KEY);

    @TempDir
    Path dir;
    private final List<LoggerContext> contexts = new ArrayList<>();

    @AfterEach
    void stopAll() {
        contexts.forEach(LoggerContext::stop);
    }

    /** An error that carries secrets in its message, its causes, a suppressed exception, MDC, key-value pairs and context. */
    private static void logSecrets(LoggerContext context) {
        context.getLogger("com.shop.Checkout").info("request headers: Cookie: JSESSIONID=" + SESSION);
        IllegalStateException suppressed = new IllegalStateException("charge declined for card " + CARD);
        RuntimeException cause = new RuntimeException("gateway said 401 to Authorization: Bearer " + JWT);
        cause.addSuppressed(suppressed);
        IllegalStateException error = new IllegalStateException("payment provider key " + STRIPE + " rejected", cause);
        MDC.put("apiKey", API_KEY);
        try {
            context.getLogger("com.shop.Checkout").atError().setCause(error).addKeyValue("password", DB_PASSWORD)
                    .log("Cannot connect to jdbc:postgresql://shop:" + DB_PASSWORD + "@db.internal:5432/shop for token {}",
                            JWT);
        } finally {
            MDC.remove("apiKey");
        }
    }

    @Test
    void noSecretInAnyHeaderOrPartOfTheDigestEmail() throws Exception {
        try (MailServer server = MailServer.start()) {
            SmtpAppender a = appender(server.port(), x -> { });
            logSecrets((LoggerContext) a.getContext());
            MimeMessage m = await(server, a);
            assertNoSecret(m);
            String redacted = MailServer.header(m, "X-Mailback-Redacted");
            assertTrue(redacted != null && redacted.contains("jwt=") && redacted.contains("url-password=")
                    && redacted.contains("card-number=") && redacted.contains("stripe-key="), redacted);
            assertTrue(MailServer.body(m).contains("[redacted:url-password]@db.internal"), MailServer.body(m));
            assertTrue(a.getRedactedValues() > 0);
        }
    }

    @Test
    void noSecretThroughLogbacksHtmlLayout() throws Exception {
        try (MailServer server = MailServer.start()) {
            SmtpAppender a = appender(server.port(), x -> x.setLayout(layout(new HTMLLayout(), x)));
            logSecrets((LoggerContext) a.getContext());
            MimeMessage m = await(server, a);
            assertNoSecret(m);
            assertTrue(MailServer.raw(m).contains("<table"), "HTMLLayout's document");
        }
    }

    @Test
    void noSecretThroughAUsersPatternLayoutThatPrintsMdcAndKeyValues() throws Exception {
        try (MailServer server = MailServer.start()) {
            SmtpAppender a = appender(server.port(), x -> {
                PatternLayout p = new PatternLayout();
                p.setPattern("%d %-5level [%X] %kvp %logger - %msg%n%ex");
                x.setLayout(layout(p, x));
            });
            logSecrets((LoggerContext) a.getContext());
            MimeMessage m = await(server, a);
            assertNoSecret(m);
            assertTrue(MailServer.body(m).contains("apiKey=[redacted:api-key]"), MailServer.body(m));
        }
    }

    @Test
    void noSecretInTheSubjectOrAHeaderPattern() throws Exception {
        try (MailServer server = MailServer.start()) {
            SmtpAppender a = appender(server.port(), x -> {
                x.setSubject("%msg");
                x.addHeader("X-Api-Key: %X{apiKey}");
            });
            logSecrets((LoggerContext) a.getContext());
            MimeMessage m = await(server, a);
            assertNoSecret(m);
            assertTrue(MailServer.subject(m).startsWith("Cannot connect to jdbc:postgresql://shop:[redacted:url-password]@"),
                    MailServer.subject(m));
        }
    }

    @Test
    void noSecretInAStatusMessage() throws Exception {
        try (MailServer server = MailServer.start()) {
            // A recipient from log data: the refused value is quoted in a warning.
            SmtpAppender a = appender(server.port(), x -> x.addTo("%X{team}@example.com"));
            LoggerContext context = (LoggerContext) a.getContext();
            MDC.put("team", "ops password=" + DB_PASSWORD);
            try {
                context.getLogger("com.shop.Checkout").error("refund failed");
            } finally {
                MDC.remove("team");
            }
            Await.until("the warning", WAIT, () -> statuses(context).contains("ops password="), a::counters);
            assertFalse(statuses(context).contains(DB_PASSWORD), statuses(context));
            assertTrue(statuses(context).contains("[redacted:password]"), statuses(context));
        }
    }

    @Test
    void aServerReplyThatQuotesASecretIsRedactedInTheStatusesAndTheMailStatus() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()
                .on(SmtpStage.MAIL).reply("550 5.7.1 rejected: api_key=" + API_KEY).start()) {
            SmtpAppender a = appender(server.port(), x -> x.setVerifyOnStart(true));
            LoggerContext context = (LoggerContext) a.getContext();
            context.getLogger("com.shop.Checkout").error("refund failed");
            Await.until("the refusal", WAIT, () -> a.getMailStatus().lastSend() != null, a::counters);
            String detail = a.getMailStatus().lastSend().detail();
            assertTrue(detail.contains("api_key=[redacted:api-key]"), detail);
            assertFalse(statuses(context).contains(API_KEY), statuses(context));
        }
    }

    @Test
    void withRedactSecretsOffTheSecretsGoOutAsLogged() throws Exception {
        try (MailServer server = MailServer.start()) {
            SmtpAppender a = appender(server.port(), x -> x.setRedactSecrets(false));
            logSecrets((LoggerContext) a.getContext());
            MimeMessage m = await(server, a);
            assertTrue(text(m).contains(STRIPE) && text(m).contains(JWT), "what the other tests would catch");
            assertEquals(null, MailServer.header(m, "X-Mailback-Redacted"));
        }
    }

    @Test
    void minimalContentMailsNoLogTextAtAll() throws Exception {
        try (MailServer server = MailServer.start()) {
            SmtpAppender a = appender(server.port(), x -> x.setMinimalContent(true));
            logSecrets((LoggerContext) a.getContext());
            MimeMessage m = await(server, a);
            String all = text(m);
            for (String words : List.of("Cannot connect", "payment provider", "gateway said", "charge declined",
                    "request headers", "apiKey", "redacted")) {
                assertFalse(all.contains(words), words + " in\n" + all);
            }
            assertTrue(all.contains("java.lang.IllegalStateException"), all);
            assertTrue(all.contains("com.shop.Checkout"), all);
        }
    }

    @Test
    void minimalContentRefusesASubjectThatPrintsTheMessage() {
        LoggerContext context = context();
        SmtpAppender a = new SmtpAppender();
        a.setContext(context);
        a.setName("EMAIL");
        a.setSmtpHost("127.0.0.1");
        a.addTo("ops@example.com");
        a.setMinimalContent(true);
        a.setSubject("[prod] %logger: %m");
        List<ConfigurationProblem> problems = a.checkConfiguration();
        assertEquals(List.of("subject"), problems.stream().map(ConfigurationProblem::property).toList());
        assertTrue(problems.get(0).message().contains("minimalContent"), problems.toString());
    }

    @Test
    void aSpoolWrittenWithRedactionOffIsMailedRedactedByARunWithItOn() throws Exception {
        Path live = dir.resolve("live");
        Path next = dir.resolve("next");
        try (MailServer server = MailServer.start()) {
            SmtpAppender off = appender(server.port(), x -> {
                x.setRedactSecrets(false);
                x.setSpoolDir(live.toString());
                x.setBatchWindow("1 hour");
            });
            logSecrets((LoggerContext) off.getContext());
            Await.until("the spooled error", WAIT, () -> off.getSpoolEntries() == 2, off::counters);
            copySpool(live, next);
            assertFalse(secretsIn(next).isEmpty(), "the spool in clear, as the run with redaction off wrote it");
        }
        try (MailServer server = MailServer.start()) {
            SmtpAppender on = appender(server.port(), x -> {
                x.setSpoolDir(next.toString());
                x.setReportUncleanExit(false);
            });
            MimeMessage m = await(server, on);
            assertNoSecret(m);
            assertTrue(MailServer.header(m, "X-Mailback-Redacted") != null);
            // The examples read in clear were written again, redacted, and the old records removed.
            Await.until("a spool without the secrets", WAIT, () -> secretsIn(next).isEmpty(), () -> secretsIn(next).toString());
        }
    }

    @Test
    void aGroupWaitingInASpoolWrittenWithRedactionOffIsWrittenAgainRedacted() throws Exception {
        Path live = dir.resolve("live");
        Path next = dir.resolve("next");
        try (ScriptedSmtpServer mute = new ScriptedSmtpServer().on(SmtpStage.GREETING).silence().start()) {
            SmtpAppender off = appender(mute.port(), x -> {
                x.setRedactSecrets(false);
                x.setSpoolDir(live.toString());
                x.setBatchWindow("1 hour");
                x.setShutdownTimeout("1 second");
            });
            logSecrets((LoggerContext) off.getContext());
            Await.until("the spooled error", WAIT, () -> off.getSpoolEntries() == 2, off::counters);
            copySpool(live, next);
            assertFalse(secretsIn(next).isEmpty(), "the example in clear, as the run with redaction off wrote it");
            // The next run holds the group for its batch window: nothing is sent that would rewrite it.
            SmtpAppender on = appender(mute.port(), x -> {
                x.setSpoolDir(next.toString());
                x.setReportUncleanExit(false);
                x.setBatchWindow("1 hour");
                x.setShutdownTimeout("1 second");
            });
            Await.until("the group brought back and its example written again, redacted", WAIT,
                    () -> on.getSpoolRecovered() > 0 && secretsIn(next).isEmpty(), () -> secretsIn(next) + "\n" + on.counters());
        }
    }

    @Test
    void anEmailOnItsWayInASpoolWrittenWithRedactionOffIsWrittenAgainRedacted() throws Exception {
        Path live = dir.resolve("live");
        Path next = dir.resolve("next");
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.DATA_END).silence().start();
                ScriptedSmtpServer mute = new ScriptedSmtpServer().on(SmtpStage.GREETING).silence().start()) {
            SmtpAppender off = appender(server.port(), x -> {
                x.setRedactSecrets(false);
                x.setSpoolDir(live.toString());
                x.setShutdownTimeout("1 second");
            });
            logSecrets((LoggerContext) off.getContext());
            server.awaitCommand("DATA"); // the email's record is in the spool before its send starts
            copySpool(live, next);
            assertFalse(secretsIn(next).isEmpty(), "the email in flight, in clear, as the run with redaction off wrote it");
            // The next run finds the email on its way, and keeps it so: its server never greets.
            SmtpAppender on = appender(mute.port(), x -> {
                x.setSpoolDir(next.toString());
                x.setReportUncleanExit(false);
                x.setTimeout("1 minute");
                x.setShutdownTimeout("1 second");
            });
            Await.until("the email brought back and written again, redacted", WAIT,
                    () -> on.getSpoolResent() > 0 && secretsIn(next).isEmpty(), () -> secretsIn(next) + "\n" + on.counters());
        }
    }

    // ---------------------------------------------------------------- the harness

    /** What a SIGKILL would leave: the spool's files as they are, without the lock, for the next run. */
    private static void copySpool(Path live, Path next) throws IOException {
        Path from = live.resolve("shop").resolve("EMAIL");
        Path to = next.resolve("shop").resolve("EMAIL");
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path p : files.toList()) {
                if (!p.getFileName().toString().equals("lock")) {
                    Files.copy(p, to.resolve(p.getFileName()));
                }
            }
        }
    }

    /** The secrets that some file of the spool holds in clear. */
    private static List<String> secretsIn(Path spool) {
        List<String> found = new ArrayList<>();
        try (var files = Files.walk(spool)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
                for (String secret : SECRETS) {
                    if (content.contains(secret)) {
                        found.add(secret + " in " + p.getFileName());
                    }
                }
            }
        } catch (IOException e) {
            found.add("unreadable: " + e); // a file renamed meanwhile: look again
        }
        return found;
    }

    private LoggerContext context() {
        LoggerContext context = new LoggerContext();
        context.setName("shop");
        context.setMDCAdapter(MDC.getMDCAdapter());
        contexts.add(context);
        return context;
    }

    private SmtpAppender appender(int port, Consumer<SmtpAppender> more) {
        LoggerContext context = context();
        SmtpAppender a = new SmtpAppender();
        a.setContext(context);
        a.setName("EMAIL");
        a.setSmtpHost("127.0.0.1");
        a.setSmtpPort(port);
        a.setFrom("shop@example.com");
        a.addTo("ops@example.com");
        a.setBatchWindow("0");
        a.setVerifyOnStart(false);
        a.setRegisterShutdownHook(false);
        a.setPrintStatus("off");
        more.accept(a);
        a.start();
        assertTrue(a.isStarted(), statuses(context));
        context.getLogger("ROOT").addAppender(a);
        return a;
    }

    private static Layout<ILoggingEvent> layout(ch.qos.logback.core.LayoutBase<ILoggingEvent> layout, SmtpAppender a) {
        layout.setContext(a.getContext());
        layout.start();
        return layout;
    }

    private static MimeMessage await(MailServer server, SmtpAppender a) {
        Await.until("the email", WAIT, () -> server.messages().size() == 1, a::counters);
        return server.messages().get(0);
    }

    /** Every header, decoded, and every part, decoded, and the message as it crossed the wire. */
    private static String text(MimeMessage m) throws Exception {
        StringBuilder sb = new StringBuilder(MailServer.raw(m)).append('\n').append(MailServer.body(m));
        for (Enumeration<Header> headers = m.getAllHeaders(); headers.hasMoreElements(); ) {
            Header h = headers.nextElement();
            sb.append('\n').append(h.getName()).append(": ").append(MimeUtility.decodeText(MimeUtility.unfold(h.getValue())));
        }
        return sb.toString();
    }

    private static void assertNoSecret(MimeMessage m) throws Exception {
        String all = text(m);
        for (String secret : SECRETS) {
            assertFalse(all.contains(secret), () -> "the secret " + secret + " went out:\n" + all);
        }
    }

    private static String statuses(LoggerContext context) {
        StringBuilder sb = new StringBuilder();
        for (Status s : context.getStatusManager().getCopyOfStatusList()) {
            sb.append(s.getMessage()).append('\n');
        }
        return sb.toString();
    }
}
