package io.github.mailback.samples.demo;

import java.io.PrintStream;
import java.util.List;

/** Prints an email the way a mail client shows it: the headers a reader looks at, then the text. */
final class MailClientView {

    /** Long digests are cut on the terminal; the whole text is in the file named below the cut. */
    static final int MAX_TEXT_LINES = 60;

    private final PrintStream out;

    MailClientView(PrintStream out) {
        this.out = out;
    }

    /** Shows one email; {@code copies} is how many times it arrived with its Message-ID (1: once). */
    void show(int number, int count, ReceivedEmail email, int copies, String textFile, String htmlFile) {
        String title = " email " + number + " of " + count + " ";
        out.println();
        out.println("-".repeat(8) + title + "-".repeat(Math.max(8, 92 - title.length())));
        out.println("From:    " + email.from());
        out.println("To:      " + email.to());
        out.println("Date:    " + email.date());
        out.println("Subject: " + email.subject());
        out.println("Message-ID: " + email.messageId());
        out.println(ReceivedEmail.EVENTS_HEADER + ": "
                + email.mailbackEvents().map(String::valueOf).orElse("(missing)"));
        email.uncleanExits().ifPresent(n -> out.println(ReceivedEmail.UNCLEAN_EXITS_HEADER + ": " + n));
        out.println();
        List<String> lines = email.text().lines().toList();
        lines.stream().limit(MAX_TEXT_LINES).forEach(line -> out.println("  " + line));
        if (lines.size() > MAX_TEXT_LINES) {
            out.println("  [... " + (lines.size() - MAX_TEXT_LINES) + " more lines in " + textFile + "]");
        }
        out.println();
        out.println(htmlFile == null ? "(this email has no HTML part)" : "HTML version: " + htmlFile);
        if (copies > 1) {
            out.println("(received " + copies + " times with this Message-ID: sent again after the kill, as its "
                    + "fate was unknown; counted once)");
        }
    }
}
