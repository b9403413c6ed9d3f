package io.github.mailback.redact;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

/**
 * Secret-shaped text made at run time from a seeded generator: vendor prefixes are split and the rest
 * is generated, so that no file of the repository holds a realistic token for a secret scanner to flag,
 * and every run sees the same values.
 */
final class Fakes {
    static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    static final String DIGITS = "0123456789";
    static final String ALNUM = UPPER + LOWER + DIGITS;
    static final String HEX = "0123456789abcdef";
    static final String BASE64 = ALNUM + "+/";
    static final String BASE64URL = ALNUM + "-_";

    private final Random random;

    Fakes(long seed) {
        random = new Random(seed);
    }

    String of(String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    String alnum(int length) {
        return of(ALNUM, length);
    }

    /** Letters and digits with at least one digit, so that it reads as a value and never as a word. */
    String password(int length) {
        return of(LOWER, 1) + of(ALNUM, length - 2) + of(DIGITS, 1);
    }

    /** A card number: the prefix, random digits and the Luhn check digit. */
    String card(String prefix, int length) {
        StringBuilder sb = new StringBuilder(prefix);
        while (sb.length() < length - 1) {
            sb.append(of(DIGITS, 1));
        }
        for (char check = '0'; check <= '9'; check++) {
            if (PersonalData.luhn((sb.toString() + check).toCharArray())) {
                return sb.append(check).toString();
            }
        }
        throw new AssertionError();
    }

    /** Digits grouped by {@code separator} in groups of the given sizes. */
    static String grouped(String digits, String separator, int... sizes) {
        StringBuilder sb = new StringBuilder();
        int at = 0;
        for (int size : sizes) {
            sb.append(sb.length() == 0 ? "" : separator).append(digits, at, at + size);
            at += size;
        }
        return sb.toString();
    }

    /** An IBAN of {@code country} at {@code length}, its check digits computed. */
    String iban(String country, int length) {
        String bban = of(DIGITS, length - 4);
        for (int check = 2; check <= 98; check++) {
            String iban = country + String.format("%02d", check) + bban;
            if (PersonalData.mod97(iban.toCharArray())) {
                return iban;
            }
        }
        throw new AssertionError();
    }

    /** The IBAN written in groups of four. */
    static String inFours(String iban) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < iban.length(); i += 4) {
            sb.append(i == 0 ? "" : " ").append(iban, i, Math.min(iban.length(), i + 4));
        }
        return sb.toString();
    }

    static String base64url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A signed JWT: its header and payload are JSON, its signature random. */
    String jwt() {
        return base64url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "."
                + base64url("{\"sub\":\"" + of(LOWER, 8) + "\",\"exp\":" + (1_800_000_000 + random.nextInt(1000)) + "}")
                + "." + of(BASE64URL, 43);
    }

    /** The base64 lines of a PEM body, 64 characters each. */
    String pemLines(int lines, String lineEnd) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            sb.append(of(BASE64, 64)).append(lineEnd);
        }
        return sb.toString();
    }

    /** {@code -----BEGIN label-----}, built in pieces. */
    static String begin(String label) {
        return "-----" + "BEGIN " + label + "-----";
    }

    static String end(String label) {
        return "-----" + "END " + label + "-----";
    }
}
