package io.github.mailback.samples.demo;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The one-command demo: runs the sample order service in a child JVM against an embedded GreenMail
 * server (or against the real server that {@code SMTP_HOST} and friends name), kills it with SIGKILL in
 * the middle of its flood of errors, starts it again with the same spool, then shows each email it
 * received as a mail client would, writes their HTML parts to files, and checks that the
 * {@code X-Mailback-Events} headers of the distinct emails (by Message-ID) add up to the ERROR events
 * both runs logged, and that the killed run is reported as an unclean exit.
 *
 * <p>Exit status: 0 when everything adds up, 1 when the emails do not account for every error or for
 * the kill, 2 when the demo itself could not run.
 */
public final class OrderServiceDemo {

    /** This JVM's own Logback configuration, under the sample's folder: GreenMail's logging must never reach an SmtpAppender. */
    static final String DEMO_LOGBACK = "src/demo/logback-demo.xml";

    private static final Duration CHILD_LIMIT = Duration.ofSeconds(60);
    /** The service's progress line where it hangs, stuck, waiting for the demo's SIGKILL (KillPoint.LINE). */
    private static final String STUCK_LINE = "== hanging mid-flood";
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
        deleteTree(spoolDir());

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
        Optional<Runs> runs = runService(settings, logbackXml);
        if (runs.isEmpty()) {
            return 2;
        }
        MimeMessage[] received = awaitEmails(greenMail, runs.get().errors());
        for (int i = 0; i < received.length; i++) {
            writeRaw("received-" + (i + 1) + ".eml", received[i]);
        }
        // An email sent again after a kill (its fate was unknown) keeps its Message-ID: it is one email.
        Map<String, ReceivedEmail> distinct = new LinkedHashMap<>();
        Map<String, Integer> copies = new LinkedHashMap<>();
        for (MimeMessage message : received) {
            ReceivedEmail email = ReceivedEmail.of(message);
            distinct.putIfAbsent(email.messageId(), email);
            copies.merge(email.messageId(), 1, Integer::sum);
        }
        List<ReceivedEmail> emails = new ArrayList<>(distinct.values());
        List<String> htmlFiles = new ArrayList<>();
        for (int i = 0; i < emails.size(); i++) {
            ReceivedEmail email = emails.get(i);
            int number = i + 1;
            String textFile = write("email-" + number + ".txt", email.text());
            String htmlFile = email.html().map(html -> write("email-" + number + ".html", withCharset(html))).orElse(null);
            new MailClientView(out).show(number, emails.size(), email, copies.get(email.messageId()), textFile, htmlFile);
            if (htmlFile != null) {
                htmlFiles.add(htmlFile);
            }
        }
        return summarize(runs.get(), received.length, emails, htmlFiles);
    }

    private int runAgainstRealServer(DemoSettings settings, Path logbackXml) throws IOException, InterruptedException {
        Optional<Runs> runs = runService(settings, logbackXml);
        if (runs.isEmpty()) {
            return 2;
        }
        out.println();
        out.println("The order service mailed " + settings.host() + ":" + settings.port() + " (to " + settings.alertTo()
                + "). This demo cannot read that mailbox,");
        out.println("so it does not print the emails or add up their X-Mailback-Events headers: look in the inbox");
        out.println("(the subjects end with \"on order-service\", before the counts; the email that reports the kill");
        out.println("has the header X-Mailback-Unclean-Exits).");
        out.println();
        out.println("Summary");
        printRuns(runs.get());
        out.println("  errors logged      " + number(runs.get().errors()));
        out.println("  emails sent        not known here: see the inbox");
        int statusErrors = runs.get().killed().statusErrors() + runs.get().restarted().statusErrors();
        if (statusErrors > 0) {
            out.println("  FAILED: Logback reported " + statusErrors
                    + " error(s), shown above with |-ERROR (mailing failures are reported that way)");
            return 1;
        }
        out.println("  OK: no mailing errors reported");
        return 0;
    }

    /** The two runs of the service: the one killed mid-flood, and the one started after it. */
    record Runs(OrderServiceProcess.Outcome killed, Tally killedTally, OrderServiceProcess.Outcome restarted,
            Tally restartedTally) {

        long events() {
            return killedTally.events() + restartedTally.events();
        }

        long errors() {
            return killedTally.errors() + restartedTally.errors();
        }
    }

    /**
     * Runs the service twice with one spool: killed with SIGKILL when it says it hangs mid-flood, then
     * again to the end of the scenario. Empty (after saying why) when a run did not end that way.
     */
    private Optional<Runs> runService(DemoSettings settings, Path logbackXml) throws IOException, InterruptedException {
        Path spool = spoolDir();
        out.println("mailback demo: the order service mails its ERROR events to " + settings.describe());
        out.println("(its spool: " + spool + ", empty at the start; its logs: " + outDir.resolve("order-service-1.log")
                + " and -2.log)");
        out.println();
        out.println("Run 1: the service is killed with SIGKILL in the middle of its flood of payment timeouts");
        long started = System.nanoTime();
        OrderServiceProcess.Outcome killed = process(logbackXml, spool, 1)
                .run(settings, List.of("--hang-mid-flood"), CHILD_LIMIT, line -> line.startsWith(STUCK_LINE));
        double seconds = secondsSince(started);
        if (!killed.killedOnLine() || killed.exitCode() != OrderServiceProcess.SIGKILL_STATUS || killed.tally().isEmpty()) {
            out.println("demo: run 1 should have been killed with SIGKILL (exit status "
                    + OrderServiceProcess.SIGKILL_STATUS + ") once it said it hangs mid-flood; "
                    + (killed.timedOut() ? "it was still running after " + CHILD_LIMIT.toSeconds() + " s"
                            : "it exited with status " + killed.exitCode() + (killed.killedOnLine() ? " after the kill" : ""))
                    + (killed.tally().isEmpty() ? ", without a tally line" : "") + "; see "
                    + outDir.resolve("order-service-1.log"));
            return Optional.empty();
        }
        out.printf(Locale.ROOT, "run 1 (pid %d) killed with SIGKILL: exit status %d after %.1f s, %s errors logged%n",
                killed.pid(), killed.exitCode(), seconds, number(killed.tally().get().errors()));

        out.println();
        out.println("Run 2: the service starts again with the same spool and plays the rest of the day");
        started = System.nanoTime();
        OrderServiceProcess.Outcome restarted = process(logbackXml, spool, 2)
                .run(settings, List.of("--after-restart"), CHILD_LIMIT);
        seconds = secondsSince(started);
        if (restarted.timedOut()) {
            out.println("demo: run 2 did not exit within " + CHILD_LIMIT.toSeconds() + " s; see "
                    + outDir.resolve("order-service-2.log"));
            return Optional.empty();
        }
        out.printf(Locale.ROOT, "run 2 (pid %d) exited with status %d after %.1f s%n", restarted.pid(),
                restarted.exitCode(), seconds);
        if (restarted.tally().isEmpty() || restarted.exitCode() != 1) {
            out.println("demo: expected a tally line and exit status 1 (the scenario's System.exit(1)); see "
                    + outDir.resolve("order-service-2.log"));
            return Optional.empty();
        }
        return Optional.of(new Runs(killed, killed.tally().get(), restarted, restarted.tally().get()));
    }

    private OrderServiceProcess process(Path logbackXml, Path spool, int run) {
        return new OrderServiceProcess(logbackXml, spool, outDir.resolve("order-service-" + run + ".log"), out,
                "order-service " + run);
    }

    private Path spoolDir() {
        return outDir.resolve("spool");
    }

    /**
     * Both runs have exited, so the last one's shutdown hook has finished sending; still, wait (bounded)
     * until the distinct emails account for every error, in case the server stores a message after
     * acknowledging it.
     */
    private MimeMessage[] awaitEmails(GreenMail greenMail, long errors) throws MessagingException {
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
        return messages;
    }

    /** The X-Mailback-Events of the distinct emails (by Message-ID), added up. */
    private static long reported(MimeMessage[] messages) throws MessagingException {
        Map<String, Long> byId = new LinkedHashMap<>();
        for (MimeMessage message : messages) {
            byId.putIfAbsent(ReceivedEmail.messageId(message), ReceivedEmail.mailbackEvents(message).orElse(0L));
        }
        return byId.values().stream().mapToLong(Long::longValue).sum();
    }

    private void printRuns(Runs runs) {
        out.println("  run 1              killed with SIGKILL mid-flood (exit status " + runs.killed().exitCode() + "): "
                + number(runs.killedTally().events()) + " events, " + number(runs.killedTally().errors())
                + " errors logged");
        out.println("  run 2              restarted with the same spool, exited with status " + runs.restarted().exitCode()
                + ": " + number(runs.restartedTally().events()) + " events, " + number(runs.restartedTally().errors())
                + " errors logged");
        out.println("  events logged      " + number(runs.events()));
    }

    private int summarize(Runs runs, int received, List<ReceivedEmail> emails, List<String> htmlFiles) {
        List<Long> counts = emails.stream().map(e -> e.mailbackEvents().orElse(null)).toList();
        long sum = counts.stream().mapToLong(c -> c == null ? 0 : c).sum();
        long uncleanExits = emails.stream().mapToLong(e -> e.uncleanExits().orElse(0L)).sum();
        boolean allHaveHeader = counts.stream().allMatch(c -> c != null);
        boolean addsUp = allHaveHeader && sum == runs.errors();
        String terms = counts.stream().map(c -> c == null ? "?" : number(c)).collect(Collectors.joining(" + "));
        out.println();
        out.println("Summary");
        printRuns(runs);
        out.println("  errors logged      " + number(runs.errors()));
        out.println("  emails received    " + received);
        out.println("  distinct emails    " + emails.size());
        out.println("  X-Mailback-Events  " + (terms.isEmpty() ? "0" : terms) + " = " + number(sum));
        out.println("  unclean exits      " + uncleanExits);
        out.println("  HTML versions      " + (htmlFiles.isEmpty() ? "none" : String.join("\n                     ", htmlFiles)));
        boolean killReported = uncleanExits == 1;
        if (addsUp && killReported) {
            out.println("  OK: the X-Mailback-Events counts of the distinct emails add up to the " + number(runs.errors())
                    + " errors logged by both runs, and the killed run is reported as an unclean exit");
            return 0;
        }
        if (!addsUp) {
            out.println("  FAILED: the X-Mailback-Events counts of the distinct emails "
                    + (allHaveHeader ? "add up to " + number(sum) : "are missing from some emails")
                    + ", not to the " + number(runs.errors()) + " errors logged by both runs");
        }
        if (!killReported) {
            out.println("  FAILED: the X-Mailback-Unclean-Exits headers of the distinct emails add up to " + uncleanExits
                    + ", not to the 1 run killed");
        }
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

    private void writeRaw(String name, MimeMessage message) throws IOException, MessagingException {
        try (OutputStream file = Files.newOutputStream(outDir.resolve(name))) {
            message.writeTo(file);
        }
    }

    private void deleteOldEmails() throws IOException {
        for (String glob : List.of("email-*.{txt,html}", "received-*.eml")) {
            try (DirectoryStream<Path> old = Files.newDirectoryStream(outDir, glob)) {
                for (Path file : old) {
                    Files.delete(file);
                }
            }
        }
    }

    /** Deletes the spool a previous demo left, so that each demo starts from an empty one. */
    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String number(long n) {
        return String.format(Locale.US, "%,d", n);
    }
}
