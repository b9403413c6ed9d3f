package io.github.mailback.mime;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Message-ID values (RFC 5322 section 3.6.4): validation and generation. */
final class MessageIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_LENGTH = 250;

    private MessageIds() {
    }

    /** A new unique id, {@code <random.time@local-host-name>}. */
    static String generate() {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        return "<" + HexFormat.of().formatHex(random) + "." + Long.toString(System.currentTimeMillis(), 36)
                + "@" + LocalHost.NAME + ">";
    }

    /**
     * The id in angle brackets (added when missing), or {@link IllegalArgumentException} unless it is
     * {@code <left@right>} made of printable ASCII without space, quotes, brackets, parentheses or commas.
     */
    static String check(String id) {
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

    /** The host name, looked up once, restricted to characters a domain may hold. */
    private static final class LocalHost {
        static final String NAME = lookUp();

        private static String lookUp() {
            String name;
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException | SecurityException e) {
                name = "localhost";
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < name.length() && sb.length() < 100; i++) {
                char c = name.charAt(i);
                if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
                    sb.append(c);
                }
            }
            String cleaned = sb.toString().replaceAll("^[.-]+|[.]+$", "");
            return cleaned.isEmpty() ? "localhost" : cleaned;
        }
    }
}
