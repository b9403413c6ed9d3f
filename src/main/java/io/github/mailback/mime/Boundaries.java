package io.github.mailback.mime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Multipart boundaries (RFC 2046 section 5.1.1). A boundary starts with {@code =_}, which neither
 * quoted-printable nor base64 output can contain; raw (7bit/8bit) texts are checked, and a boundary
 * found in one is replaced by the next, so a boundary never occurs in the content. Boundaries are
 * derived from the message's id: writing one message twice gives the same bytes, so that an email
 * whose delivery is uncertain can be sent again byte for byte, the same duplicate.
 */
final class Boundaries {
    /** What every boundary starts with. */
    static final String PREFIX = "=_mailback_";
    /** Characters after the prefix. */
    private static final int LENGTH = 32;
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private Boundaries() {
    }

    /**
     * The first boundary derived from {@code seed} (the message's id and the part's kind) that none of
     * {@code rawTexts} contains. The id holds 96 random bits, so that log data cannot aim at it.
     */
    static String next(String seed, Iterable<String> rawTexts) {
        for (int n = 0; ; n++) {
            byte[] digest = sha256(seed + '#' + n);
            StringBuilder sb = new StringBuilder(PREFIX);
            for (int i = 0; i < LENGTH; i++) {
                sb.append(ALPHABET[(digest[i] & 0xff) % ALPHABET.length]);
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

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }
}
