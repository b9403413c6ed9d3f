package io.github.mailback.smtp;

import io.github.mailback.internal.ControlCharacters;

/**
 * Syntax checks for an RFC 5321 mailbox ({@code local-part@domain}) as it appears in MAIL FROM and
 * RCPT TO. Deliberately strict about what could break the command line (controls, angle brackets,
 * spaces outside a quoted local part) and lenient about the rest, which the server judges.
 */
public final class Mailbox {
    /** RFC 5321 section 4.5.3.1.3: a path is at most 256 octets, so a mailbox fits in 254. */
    static final int MAX_LENGTH = 254;
    /** What an error message shows of a refused address, at most. */
    private static final int SHOWN_LENGTH = 200;

    private Mailbox() {
    }

    /**
     * Returns {@code address} when it is a usable mailbox, or throws {@link IllegalArgumentException}
     * saying what is wrong. Non-ASCII is allowed here; sending it needs SMTPUTF8 (RFC 6531).
     */
    public static String check(String address) {
        if (address == null || address.isEmpty()) {
            throw new IllegalArgumentException("empty address");
        }
        if (address.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("address longer than " + MAX_LENGTH + " characters");
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            throw new IllegalArgumentException("not local@domain: " + printable(address));
        }
        boolean quoted = address.charAt(0) == '"';
        if (quoted) {
            checkQuotedLocalPart(address, at);
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (ControlCharacters.isControl(c)) {
                throw new IllegalArgumentException("control character in address: " + printable(address));
            }
            boolean inQuotedLocal = quoted && i < at;
            if (!inQuotedLocal && (c == ' ' || c == '<' || c == '>' || c == '(' || c == ')' || c == ',' || c == ';'
                    || c == '\\' || c == '"' || c == '[' && i < at)) {
                throw new IllegalArgumentException("character '" + c + "' not allowed in address: " + printable(address));
            }
        }
        String domain = address.substring(at + 1);
        if (domain.startsWith(".") || domain.endsWith(".") || domain.contains("..")) {
            throw new IllegalArgumentException("bad domain in address: " + printable(address));
        }
        return address;
    }

    /**
     * A quoted local part is one quoted-string (RFC 5321 section 4.1.2): it closes right before the
     * {@code @}, and a quote inside it is escaped. Otherwise {@code "Ops" <x@evil>,ops@example.com}
     * would pass as one mailbox, and a server could read {@code x@evil} out of it.
     */
    private static void checkQuotedLocalPart(String address, int at) {
        if (at < 2 || address.charAt(at - 1) != '"') {
            throw new IllegalArgumentException("quoted local part not closed before '@': " + printable(address));
        }
        for (int i = 1; i < at - 1; i++) {
            char c = address.charAt(i);
            if (c == '\\') {
                if (i + 1 >= at - 1) {
                    throw new IllegalArgumentException("quoted local part not closed before '@': " + printable(address));
                }
                i++;
            } else if (c == '"') {
                throw new IllegalArgumentException("unescaped quote in quoted local part: " + printable(address));
            }
        }
    }

    /** True when the address has a character outside US-ASCII (and so needs SMTPUTF8). */
    public static boolean isAscii(String address) {
        for (int i = 0; i < address.length(); i++) {
            if (address.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** The address as an error message shows it: on one line, controls escaped, cut to a readable length. */
    private static String printable(String address) {
        return ControlCharacters.printable(address, SHOWN_LENGTH);
    }
}
