package io.github.mailback.mime;

import io.github.mailback.internal.LocalHostName;
import java.net.IDN;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/** Message-ID values (RFC 5322 section 3.6.4): the one generator, and validation. */
public final class MessageIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_LENGTH = 250;
    /** Longest right-hand side kept; a domain name has at most 253 characters, an id is read by people. */
    private static final int MAX_DOMAIN = 100;
    /** Longest wait for this host's name for a Message-ID. */
    private static final long NAME_WAIT_MILLIS = 1_000;

    private MessageIds() {
    }

    /**
     * A new unique id, {@code <mailback.RANDOM@domain>}: 96 random bits in hex on the left, so that ids
     * do not repeat, across JVMs either; the domain on the right, in ASCII (IDNA) with only letters,
     * digits, {@code -} and {@code .} kept, or this host's name when nothing of it is left. Mail clients
     * and filters read the domain: give the sender's own (the From address's).
     */
    public static String generate(String domain) {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        String right = idDomain(Objects.requireNonNull(domain, "domain"));
        return "<mailback." + HexFormat.of().formatHex(random) + "@" + (right != null ? right : localHost()) + ">";
    }

    /** A new unique id with this host's name on the right; what a message gets when none was given. */
    static String generate() {
        return generate(localHost());
    }

    /**
     * The id in angle brackets (added when missing), or {@link IllegalArgumentException} unless it is
     * {@code <left@right>} made of printable ASCII without space, quotes, brackets, parentheses or commas.
     */
    public static String check(String id) {
        if (id == null) {
            throw new IllegalArgumentException("null message id");
        }
        String s = id.strip();
        if (!s.startsWith("<")) {
            s = "<" + s + ">";
        }
        if (s.length() > MAX_LENGTH || !s.endsWith(">") || s.length() < 5) {
            throw new IllegalArgumentException("not a message id: " + HeaderText.clean(id));
        }
        int at = s.indexOf('@');
        if (at <= 1 || at != s.lastIndexOf('@') || at >= s.length() - 2) {
            throw new IllegalArgumentException("message id is not <left@right>: " + HeaderText.clean(id));
        }
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c <= 32 || c >= 127 || "<>()\",;:\\[]".indexOf(c) >= 0) {
                throw new IllegalArgumentException("character not allowed in message id: " + HeaderText.clean(id));
            }
        }
        return s;
    }

    /** The name as the right-hand side of an id, or null when no usable character is left. */
    private static String idDomain(String name) {
        String ascii;
        try {
            ascii = IDN.toASCII(name, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            ascii = name;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ascii.length() && sb.length() < MAX_DOMAIN; i++) {
            char c = ascii.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
                sb.append(c);
            }
        }
        String cleaned = sb.toString().replaceAll("^[.-]+|[.]+$", "");
        return cleaned.isEmpty() ? null : cleaned;
    }

    /** The host name, from the JVM's one lookup, waited for {@link #NAME_WAIT_MILLIS} at most; "localhost" when late. */
    private static String localHost() {
        LocalHostName.Names names = LocalHostName.shared().get(NAME_WAIT_MILLIS);
        String cleaned = names == null || names.hostName() == null ? null : idDomain(names.hostName());
        return cleaned != null ? cleaned : "localhost";
    }
}
