package io.github.mailback.mime;

import io.github.mailback.internal.ControlCharacters;
import io.github.mailback.smtp.Mailbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A mailbox with an optional display name, as in {@code "Doe, J" <j.doe@example.com>}. */
public final class Address {
    /** What an error message shows of refused text, at most. */
    private static final int SHOWN_LENGTH = 200;

    private final String email;
    private final String displayName;

    private Address(String email, String displayName) {
        this.email = Mailbox.check(email);
        // Held as it is written: two addresses that print alike are equal, and parse gives back what toString wrote.
        String name = HeaderText.clean(displayName);
        this.displayName = name.isBlank() ? null : name;
    }

    /** An address without a display name. Throws {@link IllegalArgumentException} when invalid. */
    public static Address of(String email) {
        return new Address(email, null);
    }

    /** An address with a display name (null or blank for none). */
    public static Address of(String email, String displayName) {
        return new Address(email, displayName);
    }

    /**
     * Parses {@code a@b}, {@code Name <a@b>} or {@code "Doe, J" <a@b>}. Encoded words in the name
     * are not decoded. Throws {@link IllegalArgumentException} on anything else, including any control
     * character (the text is a setting or data, never a folded header line) and an unquoted name with
     * {@code @ : ; < > [ ] \ ,} in it: so that text such as {@code "a@b\r\nRCPT TO:<x@evil>"} is
     * refused rather than read as the name {@code "a@b RCPT TO:"} of the address {@code x@evil}.
     */
    public static Address parse(String text) {
        Objects.requireNonNull(text, "text");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\t' && ControlCharacters.isControl(c)) {
                throw new IllegalArgumentException("control character in address: "
                        + ControlCharacters.printable(text, SHOWN_LENGTH));
            }
        }
        String s = text.strip();
        if (!s.endsWith(">")) {
            return of(s);
        }
        int open = lastOpenOutsideQuotes(s);
        if (open < 0) {
            throw new IllegalArgumentException("no '<' before '>': " + s);
        }
        String email = s.substring(open + 1, s.length() - 1).strip();
        String name = s.substring(0, open).strip();
        if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
            name = unquote(name.substring(1, name.length() - 1));
        } else if (name.indexOf('"') >= 0) {
            throw new IllegalArgumentException("unbalanced quote in display name: " + s);
        } else if (hasSpecial(name)) {
            // RFC 5322 section 3.2.3: outside quotes, a phrase holds no specials but '.' (obs-phrase).
            throw new IllegalArgumentException("display name with special characters must be quoted: " + s);
        }
        return of(email, name);
    }

    /**
     * Parses a comma separated list of addresses. Commas inside quotes or angle brackets do not
     * separate; empty items are skipped, so a blank text gives an empty list.
     */
    public static List<Address> parseList(String text) {
        Objects.requireNonNull(text, "text");
        List<Address> result = new ArrayList<>();
        boolean quoted = false;
        boolean angle = false;
        int start = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : ',';
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                angle = true;
            } else if (!quoted && c == '>') {
                angle = false;
            } else if (c == ',' && (!quoted && !angle || i == text.length())) {
                String item = text.substring(start, Math.min(i, text.length()));
                if (!item.isBlank()) {
                    result.add(parse(item));
                }
                start = i + 1;
            }
        }
        return List.copyOf(result);
    }

    /** The mailbox, {@code local@domain}. */
    public String email() {
        return email;
    }

    /** The display name as it is written (runs of spaces and control characters as one space), or null. */
    public String displayName() {
        return displayName;
    }

    /**
     * {@code Name <a@b>} (the name quoted when needed) or {@code a@b}, on one line: the name as the
     * header rule of this package cleans it. {@link #parse} reads it back.
     */
    @Override
    public String toString() {
        String name = displayName;
        if (name == null) {
            return email;
        }
        boolean plain = true;
        for (String word : name.split(" ")) {
            plain &= EncodedWords.isAtom(word);
        }
        return (plain ? name : EncodedWords.quote(name)) + " <" + email + ">";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Address a && a.email.equals(email) && Objects.equals(a.displayName, displayName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(email, displayName);
    }

    private static boolean hasSpecial(String name) {
        for (int i = 0; i < name.length(); i++) {
            if ("@:;<>[]\\,".indexOf(name.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int lastOpenOutsideQuotes(String s) {
        boolean quoted = false;
        int open = -1;
        for (int i = 0; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                open = i;
            }
        }
        return open;
    }

    private static String unquote(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                c = s.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
