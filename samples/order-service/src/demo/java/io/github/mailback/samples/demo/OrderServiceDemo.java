package io.github.mailback.samples.demo;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one-command demo: runs the sample order service in a child JVM against an embedded GreenMail
 * server (or against the real server that {@code SMTP_HOST} and friends name), then shows each email
 * it received as a mail client would, writes their HTML parts to files, and checks that the
 * {@code X-Mailback-Events} headers add up to the ERROR events the service logged.
 *
 * <p>Exit status: 0 when everything adds up, 1 when the emails do not account for every error, 2 when
 * the demo itself could not run.
 */
public final class OrderServiceDemo {

    /** This JVM's own Logback configuration, under the sample's folder: GreenMail's logging must never reach an SmtpAppender. */
    static final String DEMO_LOGBACK = "src/demo/logback-demo.xml";

    private static final Duration CHILD_LIMIT = Duration.ofSeconds(60);
    private static final Duration MAIL_WAIT_LIMIT = Duration.ofSeconds(15);

    private final PrintStream out;
    private final Path sampleDir;
    private final Path outDir;

    OrderServiceDemo(PrintStream out, Path sampleDir, Path outDir) {
        this.out = out;
        this.sampleDir = sampleDir;
        this.outDir = outDir;
    }

    public static void main(String[] args) throws Exception {
        Path sampleDir = Path.of(System.getProperty("mailback.demo.sample", "samples/order-service"));
        // Set before anything touches SLF4J (GreenMail logs through it).
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", sampleDir.resolve(DEMO_LOGBACK).toAbsolutePath().toString());
        }
        OrderServiceDemo demo = new OrderServiceDemo(System.out, sampleDir,
                Path.of(System.getProperty("mailback.demo.out", "target/demo")));
        System.exit(demo.run(System.getenv()));
    }

    int run(Map<String, String> env) throws IOException, InterruptedException, MessagingException {
        DemoSettings settings;
        try {
            settings = DemoSettings.fromEnvironment(env);
        } catch (IllegalArgumentException e) {
            out.println("demo: " + e.getMessage());
            return 2;
        }
        Path logbackXml = sampleDir.resolve("src/main/resources/logback.xml");
        if (!Files.isRegularFile(logbackXml)) {
            out.println("demo: cannot find the sample's logback.xml at " + logbackXml.toAbsolutePath()
                    + " (run from the project's root, or set -Dmailback.demo.sample)");
            return 2;
        }
        Files.createDirectories(outDir);
        deleteOldEmails();

        if (!settings.embedded()) {
            return runAgainstRealServer(settings, logbackXml);
        }
        GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.setUser(settings.user(), settings.password());
        greenMail.start();
        try {
            return runAgainstGreenMail(settings.withPort(greenMail.getSmtp().getPort()), logbackXml, greenMail);
        } finally {
            greenMail.stop();
        }
    }

    private int runAgainstGreenMail(DemoSettings settings, Path logbackXml, GreenMail greenMail)
            throws IOException, InterruptedException, MessagingException {
        Optional<OrderServiceProcess.Outcome> outcome = runService(settings, logbackXml);
        if (outcome.isEmpty()) {
            return 2;
        }
        Tally tally = outcome.get().tally().orElseThrow();
        List<ReceivedEmail> emails = awaitEmails(greenMail, tally.errors());
        List<Long> counts = new ArrayList<>();
        List<String> htmlFiles = new ArrayList<>();
        for (int i = 0; i < emails.size(); i++) {
            ReceivedEmail email = emails.get(i);
            int number = i + 1;
            String textFile = write("email-" + number + ".txt", email.text());
            String htmlFile = email.html().map(html -> write("email-" + number + ".html", withCharset(html))).orElse(null);
            new MailClientView(out).show(number, emails.size(), email, textFile, htmlFile);
            counts.add(email.mailbackEvents().orElse(null));
            if (htmlFile != null) {
                htmlFiles.add(htmlFile);
            }
        }
        return summarize(tally, emails, counts, htmlFiles);
    }

    private int runAgainstRealServer(DemoSettings settings, Path logbackXml) throws IOException, InterruptedException {
        Optional<OrderServiceProcess.Outcome> outcome = runService(settings, logbackXml);
        if (outcome.isEmpty()) {
            return 2;
        }
        Tally tally = outcome.get().tally().orElseThrow();
        out.println();
        out.println("The order service mailed " + settings.host() + ":" + settings.port() + " (to " + settings.alertTo()
                + "). This demo cannot read that mailbox,");
        out.println("so it does not print the emails or add up their X-Mailback-Events headers: look in the inbox");
        out.println("(the subjects end with \"on order-service\", before the counts).");
        out.println();
        out.println("Summary");
        out.println("  events logged      " + number(tally.events()));
        out.println("  errors logged      " + number(tally.errors()));
        out.println("  emails sent        not known here: see the inbox");
        if (outcome.get().statusErrors() > 0) {
            out.println("  FAILED: Logback reported " + outcome.get().statusErrors()
                    + " error(s), shown above with |-ERROR (mailing failures are reported that way)");
            return 1;
        }
        out.println("  OK: no mailing errors reported");
        return 0;
    }

    /** Runs the service; empty (after saying why) when it did not end the way the scenario ends. */
    private Optional<OrderServiceProcess.Outcome> runService(DemoSettings settings, Path logbackXml) throws IOException, InterruptedException {
        Path logFile = outDir.resolve("order-service.log");
        out.println("mailback demo: the order service mails its ERROR events to " + settings.describe());
        out.println("(its full log goes to " + logFile + ")");
        long started = System.nanoTime();
        OrderServiceProcess.Outcome outcome = new OrderServiceProcess(logbackXml, logFile, out).run(settings, CHILD_LIMIT);
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        if (outcome.timedOut()) {
            out.println("demo: the order service did not exit within " + CHILD_LIMIT.toSeconds() + " s; see " + logFile);
            return Optional.empty();
        }
        out.printf(Locale.ROOT, "order service exited with status %d after %.1f s%n", outcome.exitCode(), millis / 1000.0);
        if (outcome.tally().isEmpty()) {
            out.println("demo: the order service printed no tally line; see " + logFile);
            return Optional.empty();
        }
        if (outcome.exitCode() != 1) {
            out.println("demo: expected exit status 1 (the scenario's System.exit(1)); see " + logFile);
            return Optional.empty();
        }
        return Optional.of(outcome);
    }

    /**
     * The service has exited, so its shutdown hook has finished sending; still, wait (bounded) until the
     * emails account for every error, in case the server stores a message after acknowledging it.
     */
    private List<ReceivedEmail> awaitEmails(GreenMail greenMail, long errors) throws MessagingException, IOException {
        long deadline = System.nanoTime() + MAIL_WAIT_LIMIT.toNanos();
        MimeMessage[] messages = greenMail.getReceivedMessages();
        while (reported(messages) < errors) {
            long leftMillis = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            if (leftMillis <= 0) {
                break;
            }
            greenMail.waitForIncomingEmail(leftMillis, messages.length + 1);
            messages = greenMail.getReceivedMessages();
        }
        List<ReceivedEmail> emails = new ArrayList<>();
        for (MimeMessage message : messages) {
            emails.add(ReceivedEmail.of(message));
        }
        return emails;
    }

    private static long reported(MimeMessage[] messages) throws MessagingException {
        long sum = 0;
        for (MimeMessage message : messages) {
            sum += ReceivedEmail.mailbackEvents(message).orElse(0L);
        }
        return sum;
    }

    private int summarize(Tally tally, List<ReceivedEmail> emails, List<Long> counts, List<String> htmlFiles) {
        long sum = counts.stream().mapToLong(c -> c == null ? 0 : c).sum();
        boolean allHaveHeader = counts.stream().allMatch(c -> c != null);
        boolean addsUp = allHaveHeader && sum == tally.errors();
        String terms = counts.stream().map(c -> c == null ? "?" : number(c)).collect(Collectors.joining(" + "));
        out.println();
        out.println("Summary");
        out.println("  events logged      " + number(tally.events()));
        out.println("  errors logged      " + number(tally.errors()));
        out.println("  emails sent        " + emails.size());
        out.println("  X-Mailback-Events  " + (terms.isEmpty() ? "0" : terms) + " = " + number(sum));
        out.println("  HTML versions      " + (htmlFiles.isEmpty() ? "none" : String.join("\n                     ", htmlFiles)));
        if (addsUp) {
            out.println("  OK: the X-Mailback-Events counts add up to the " + number(tally.errors()) + " errors logged");
            return 0;
        }
        out.println("  FAILED: the X-Mailback-Events counts "
                + (allHaveHeader ? "add up to " + number(sum) : "are missing from some emails")
                + ", not to the " + number(tally.errors()) + " errors logged");
        return 1;
    }

    private String write(String name, String content) {
        Path file = outDir.resolve(name);
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return file.toString();
    }

    // A browser opening the file from disk has no Content-Type header to learn the charset from.
    private static String withCharset(String html) {
        String lower = html.toLowerCase(Locale.ROOT);
        if (lower.contains("charset")) {
            return html;
        }
        String meta = "<meta charset=\"UTF-8\">";
        int head = lower.indexOf("<head>");
        return head < 0 ? meta + "\n" + html : html.substring(0, head + 6) + meta + html.substring(head + 6);
    }

    private void deleteOldEmails() throws IOException {
        try (DirectoryStream<Path> old = Files.newDirectoryStream(outDir, "email-*.{txt,html}")) {
            for (Path file : old) {
                Files.delete(file);
            }
        }
    }

    private static String number(long n) {
        return String.format(Locale.US, "%,d", n);
    }
}
