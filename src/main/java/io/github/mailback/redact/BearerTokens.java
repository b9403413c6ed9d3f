package io.github.mailback.redact;

/**
 * A token after the word {@code Bearer} (RFC 6750) outside an Authorization value: the token68 that
 * follows, when it looks like a credential (8 characters or more, with a digit, a symbol or a capital
 * inside). So {@code Bearer token is missing} and {@code WWW-Authenticate: Bearer realm="api"} stay.
 */
final class BearerTokens {
    private static final int MIN_LENGTH = 8;

    private BearerTokens() {
    }

    /** At a word starting with {@code B} or {@code b}. Returns where to go on, or -1. */
    static int at(Redaction r, int i) {
        String s = r.text;
        int n = r.length;
        if (!s.regionMatches(true, i, "bearer", 0, 6) || i + 6 >= n || !Chars.isBlank(s.charAt(i + 6))) {
            return -1;
        }
        int start = Chars.skipBlanks(s, i + 6, n);
        int end = start;
        while (end < n && isToken68(s.charAt(end))) {
            end++;
        }
        int padding = end;
        while (end < n && s.charAt(end) == '=') {
            end++;
        }
        // realm="api" and error="invalid_token" are parameters: plain words before the =. A token ends at
        // white space or a closing delimiter; what follows it (a value another rule may redact) decides nothing.
        if (end < n && !Chars.isSpace(s.charAt(end)) && "\"',;)]}>".indexOf(s.charAt(end)) < 0
                || !looksLikeCredential(s, start, padding) || r.markerAt(start)) {
            return start;
        }
        r.add(start, end, Rule.BEARER);
        return end;
    }

    private static boolean isToken68(char c) {
        return Chars.isAsciiAlnum(c) || "-._~+/".indexOf(c) >= 0;
    }

    static boolean looksLikeCredential(String s, int start, int end) {
        if (end - start < MIN_LENGTH) {
            return false;
        }
        for (int k = start; k < end; k++) {
            char c = s.charAt(k);
            if (Chars.isDigit(c) || !Chars.isAsciiLetter(c) || k > start && Chars.isUpper(c)) {
                return true;
            }
        }
        return false;
    }
}
