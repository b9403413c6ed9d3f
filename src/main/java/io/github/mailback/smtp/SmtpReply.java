package io.github.mailback.smtp;

import java.util.List;
import java.util.Objects;

/**
 * One reply from an SMTP server: its three-digit code, its enhanced status code (RFC 3463) when the
 * server gives one, and its text lines without the code prefix.
 */
public final class SmtpReply {
    private final int code;
    private final String enhancedCode;
    private final List<String> lines;

    SmtpReply(int code, String enhancedCode, List<String> lines) {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("reply code out of range: " + code);
        }
        this.code = code;
        this.enhancedCode = enhancedCode;
        this.lines = List.copyOf(lines);
    }

    /** The three-digit reply code. */
    public int code() {
        return code;
    }

    /** The enhanced status code such as {@code 5.1.1}, or null when the reply has none. */
    public String enhancedCode() {
        return enhancedCode;
    }

    /** The text of each line, without the code, the separator or the enhanced status code. */
    public List<String> lines() {
        return lines;
    }

    /** The lines joined with a space. */
    public String text() {
        return String.join(" ", lines);
    }

    /** 2xx: the command succeeded. */
    public boolean isPositiveCompletion() {
        return code / 100 == 2;
    }

    /** 3xx: the server waits for more (DATA, AUTH challenges). */
    public boolean isPositiveIntermediate() {
        return code / 100 == 3;
    }

    /** 4xx: a transient failure; the same command may succeed later. */
    public boolean isTransientNegative() {
        return code / 100 == 4;
    }

    /** 5xx: a permanent failure; repeating the command will fail again. */
    public boolean isPermanentNegative() {
        return code / 100 == 5;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SmtpReply r && r.code == code && Objects.equals(r.enhancedCode, enhancedCode)
                && r.lines.equals(lines);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, enhancedCode, lines);
    }

    /** The reply as the server would write it on one line, for example {@code 550 5.1.1 No such user}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(code);
        if (enhancedCode != null) {
            sb.append(' ').append(enhancedCode);
        }
        String text = text();
        if (!text.isEmpty()) {
            sb.append(' ').append(text);
        }
        return sb.toString();
    }
}
