package io.github.mailback.testing;

import java.util.Locale;

/** What {@link ScriptedSmtpServer} does at a stage instead of its normal reply. */
final class ServerAction {
    enum Kind {
        /** Write the given reply text (a reply starting with 421 also closes the connection). */
        REPLY,
        /** Close the connection without replying. */
        DISCONNECT,
        /** Never answer again on this connection, but go on reading (a stalled server). */
        SILENCE,
        /** One reply line of {@code size} octets, written in small chunks. */
        HUGE_LINE,
        /** Continuation lines ({@code 250-...}) without end, until the client hangs up. */
        ENDLESS_CONTINUATION,
        /** A reply trickled one octet at a time, {@code size} milliseconds apart, never finished. */
        TRICKLE,
        /** To AUTH: a 334 challenge after every response, until the client cancels with "*". */
        ENDLESS_CHALLENGE
    }

    final Kind kind;
    final String reply;
    final long size;
    /** Run just before a {@link Kind#REPLY} is written, or null. */
    final Runnable before;

    private ServerAction(Kind kind, String reply, long size, Runnable before) {
        this.kind = kind;
        this.reply = reply;
        this.size = size;
        this.before = before;
    }

    static ServerAction reply(String reply) {
        return new ServerAction(Kind.REPLY, reply, 0, null);
    }

    static ServerAction reply(String reply, Runnable before) {
        return new ServerAction(Kind.REPLY, reply, 0, before);
    }

    static ServerAction of(Kind kind, long size) {
        return new ServerAction(kind, null, size, null);
    }

    /** A rule: an action for commands of one stage whose argument contains some text, used some times. */
    static final class Rule {
        final SmtpStage stage;
        final String argumentContains;
        final ServerAction action;
        private int remaining;

        Rule(SmtpStage stage, String argumentContains, ServerAction action, int times) {
            this.stage = stage;
            this.argumentContains = argumentContains == null ? null : argumentContains.toLowerCase(Locale.ROOT);
            this.action = action;
            this.remaining = times;
        }

        /** True, and one use counted, when the rule applies to this command. */
        synchronized boolean take(SmtpStage stage, String argument) {
            if (this.stage != stage || remaining == 0) {
                return false;
            }
            if (argumentContains != null && !argument.toLowerCase(Locale.ROOT).contains(argumentContains)) {
                return false;
            }
            if (remaining > 0) {
                remaining--;
            }
            return true;
        }
    }
}
