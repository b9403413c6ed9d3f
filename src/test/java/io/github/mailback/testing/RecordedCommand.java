package io.github.mailback.testing;

import java.util.Locale;

/**
 * One command line as {@link ScriptedSmtpServer} received it (decoded as UTF-8, line end removed).
 *
 * @param line the command without its line end; a bare CR inside it is kept
 * @param connection the index of the connection it came on, from 0
 * @param readBatch the socket read that completed the line; commands sharing it arrived together (pipelined)
 * @param encrypted whether the connection was under TLS when the command arrived
 */
public record RecordedCommand(String line, int connection, long readBatch, boolean encrypted) {

    /** The command verb in upper case, for example {@code MAIL}. */
    public String verb() {
        int sp = line.indexOf(' ');
        String verb = sp < 0 ? line : line.substring(0, sp);
        return verb.toUpperCase(Locale.ROOT);
    }

    /** True when the line starts with {@code prefix}, ignoring case. */
    public boolean startsWith(String prefix) {
        return line.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}
