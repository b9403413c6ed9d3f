package io.github.mailback.samples;

/**
 * What the scenario is doing, printed on standard output for the person running it. Every line starts
 * with {@value #MARK}, so that the demo can tell these lines from the application's own log output.
 */
final class Progress {

    static final String MARK = "== ";

    private Progress() {
    }

    static void say(String format, Object... args) {
        System.out.println(MARK + String.format(java.util.Locale.ROOT, format, args));
        System.out.flush();
    }

    /** The line the demo parses: how many events, and how many ERROR events, were logged. */
    static void tally() {
        say("tally: events=%d errors=%d", LogTally.events(), LogTally.errors());
    }
}
