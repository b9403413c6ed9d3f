package io.github.mailback.redact;

/**
 * JSON Web Tokens (RFC 7519) in their compact form: a header and a payload in base64url that both
 * start as JSON objects ({@code eyJ} is the base64 of <code>{"</code>), each at least 13 characters,
 * and a signature, perhaps empty. A lone base64 JSON object, or one with padding, is no JWT.
 */
final class Jwts {
    private static final int MIN_PART = 13;

    private Jwts() {
    }

    /** At a word starting with {@code e}. Returns where to go on, or -1. */
    static int at(Redaction r, int i) {
        String s = r.text;
        if (!s.startsWith("eyJ", i) || i > 0 && Chars.isBase64Url(s.charAt(i - 1))) {
            return -1;
        }
        int header = Chars.base64UrlRun(s, i);
        if (header - i < MIN_PART || header >= r.length || s.charAt(header) != '.' || !s.startsWith("eyJ", header + 1)) {
            return header;
        }
        int payload = Chars.base64UrlRun(s, header + 1);
        if (payload - header - 1 < MIN_PART || payload >= r.length || s.charAt(payload) != '.') {
            return payload;
        }
        int signature = Chars.base64UrlRun(s, payload + 1);
        r.add(i, signature, Rule.JWT);
        return signature;
    }
}
