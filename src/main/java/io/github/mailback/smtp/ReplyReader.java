package io.github.mailback.smtp;

import io.github.mailback.internal.ControlCharacters;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads SMTP replies (RFC 5321 section 4.2) with hard bounds, so that a hostile or broken server can
 * make the client fail but never allocate without limit: a line over {@link #MAX_LINE} octets or a reply
 * over {@link #MAX_LINES} lines is a protocol error, detected before the rest is read.
 */
final class ReplyReader {
    /** RFC 5321 section 4.5.3.1.5 allows 512 octets; real servers stay far below this. */
    static final int MAX_LINE = 8192;
    /** EHLO replies, the longest legitimate ones, have a few dozen lines. */
    static final int MAX_LINES = 128;

    private final InputStream in;
    private final byte[] line = new byte[MAX_LINE];

    ReplyReader(InputStream in) {
        this.in = in;
    }

    SmtpReply read() throws IOException {
        List<String> texts = new ArrayList<>(4);
        int code = -1;
        while (true) {
            int length = readLine();
            if (length < 3 || !digit(0) || !digit(1) || !digit(2)) {
                throw protocolError("malformed reply line: " + describe(length));
            }
            int lineCode = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
            if (lineCode < 200 || lineCode > 599) {
                throw protocolError("reply code out of range: " + describe(length));
            }
            if (code == -1) {
                code = lineCode;
            } else if (lineCode != code) {
                throw protocolError("reply lines disagree on the code: " + code + " then " + lineCode);
            }
            byte separator = length > 3 ? line[3] : (byte) ' ';
            if (separator != ' ' && separator != '-') {
                throw protocolError("malformed reply line: " + describe(length));
            }
            if (texts.size() == MAX_LINES) {
                throw protocolError("reply longer than " + MAX_LINES + " lines");
            }
            texts.add(length > 4 ? printable(4, length) : "");
            if (separator == ' ') {
                break;
            }
        }
        return enhanced(code, texts);
    }

    /** Reads one line into {@link #line} without its CRLF (a bare LF is tolerated); returns its length. */
    private int readLine() throws IOException {
        int length = 0;
        while (true) {
            int b = in.read();
            if (b == -1) {
                throw new EOFException(length == 0 ? "connection closed by the server"
                        : "connection closed by the server in the middle of a reply line");
            }
            if (b == '\n') {
                return length > 0 && line[length - 1] == '\r' ? length - 1 : length;
            }
            if (length == MAX_LINE) {
                throw protocolError("reply line longer than " + MAX_LINE + " octets");
            }
            line[length++] = (byte) b;
        }
    }

    private boolean digit(int i) {
        return line[i] >= '0' && line[i] <= '9';
    }

    /**
     * The text as UTF-8 with control characters escaped, so that a reply shown to a person cannot drive a
     * terminal or forge a line; escapes lengthen the text, but never past {@link #MAX_LINE} characters.
     */
    private String printable(int from, int to) {
        return ControlCharacters.printable(new String(line, from, to - from, StandardCharsets.UTF_8), MAX_LINE);
    }

    private String describe(int length) {
        return "'" + printable(0, Math.min(length, 80)) + (length > 80 ? "...'" : "'");
    }

    /** Takes an RFC 3463 enhanced status code off the front of each line when the first line has one. */
    private static SmtpReply enhanced(int code, List<String> texts) {
        String first = texts.get(0);
        int end = enhancedCodeEnd(first, code / 100);
        if (end < 0) {
            return new SmtpReply(code, null, texts);
        }
        String enhanced = first.substring(0, end);
        List<String> stripped = new ArrayList<>(texts.size());
        for (String t : texts) {
            stripped.add(t.startsWith(enhanced) ? t.substring(end).stripLeading() : t);
        }
        return new SmtpReply(code, enhanced, stripped);
    }

    /** The end of a {@code class.subject.detail} code at the start of {@code text}, or -1. */
    private static int enhancedCodeEnd(String text, int replyClass) {
        if (text.length() < 5 || text.charAt(0) != (char) ('0' + replyClass) || text.charAt(1) != '.') {
            return -1;
        }
        int i = 2;
        for (int part = 0; part < 2; part++) {
            int start = i;
            while (i < text.length() && i - start < 3 && Character.isDigit(text.charAt(i))) {
                i++;
            }
            if (i == start) {
                return -1;
            }
            if (part == 0) {
                if (i >= text.length() || text.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
        }
        return i == text.length() || text.charAt(i) == ' ' ? i : -1;
    }

    private static SmtpException protocolError(String message) {
        return new SmtpException("protocol error: " + message, null, true, null);
    }
}
