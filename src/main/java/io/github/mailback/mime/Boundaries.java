package io.github.mailback.mime;

import java.security.SecureRandom;

/**
 * Multipart boundaries (RFC 2046 section 5.1.1). A boundary starts with {@code =_}, which neither
 * quoted-printable nor base64 output can contain; raw (7bit/8bit) texts are checked, and a boundary
 * found in one is replaced by a new one, so a boundary never occurs in the content.
 */
final class Boundaries {
    /** What every boundary starts with. */
    static final String PREFIX = "=_mailback_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private Boundaries() {
    }

    /** A boundary that none of {@code rawTexts} contains. */
    static String next(Iterable<String> rawTexts) {
        while (true) {
            StringBuilder sb = new StringBuilder(PREFIX);
            for (int i = 0; i < 32; i++) {
                sb.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
            }
            String boundary = sb.toString();
            boolean clash = false;
            for (String text : rawTexts) {
                clash |= text.contains(boundary);
            }
            if (!clash) {
                return boundary;
            }
        }
    }
}
