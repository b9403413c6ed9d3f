package io.github.mailback.redact;

/**
 * The credentials in an SMTP transcript (RFC 4954): the initial response of {@code AUTH PLAIN <base64>}
 * (and of LOGIN, XOAUTH2, OAUTHBEARER...), and the client's line after each {@code 334} challenge, a
 * line that is one base64 word (the user name and password of LOGIN, the digest of CRAM-MD5). The
 * challenge itself, {@code 334 VXNlcm5hbWU6} ("Username:"), stays. A transcript's line may start with
 * {@code C:}, {@code S:} or arrows ({@code >>>}, {@code <<<}).
 */
final class SmtpAuth {
    private SmtpAuth() {
    }

    /** At a word starting with {@code A}: {@code AUTH MECHANISM base64}. Returns where to go on, or -1. */
    static int commandAt(Redaction r, int i) {
        String s = r.text;
        int n = r.length;
        if (!s.startsWith("AUTH ", i)) {
            return -1;
        }
        int k = i + 5;
        int mech = k;
        while (k < n && k - mech <= 20 && (Chars.isUpper(s.charAt(k)) || Chars.isDigit(s.charAt(k))
                || s.charAt(k) == '-' || s.charAt(k) == '_')) {
            k++;
        }
        if (k == mech || k >= n || s.charAt(k) != ' ') {
            return k;
        }
        int start = k + 1;
        int end = base64Run(s, start, n);
        // In a transcript the credentials end the line, or punctuation follows them; words after them are
        // prose ("AUTH XOAUTH2 with a token").
        int after = Chars.skipBlanks(s, end, n);
        if (end == start || end < n && !Chars.isSpace(s.charAt(end)) && ":,;)\"'".indexOf(s.charAt(end)) < 0
                || after < n && Character.isLetter(s.charAt(after)) || isMechanismList(s, start, end)
                || end - start == 1 && s.charAt(start) == '=' || isPlainWord(s, start, end)) {
            return end;
        }
        r.add(start, end, Rule.SMTP_AUTH);
        return end;
    }

    /** At a word starting with a digit: a {@code 334} reply at the start of a line. Returns where to go on, or -1. */
    static int challengeAt(Redaction r, int i) {
        String s = r.text;
        int n = r.length;
        if (!s.startsWith("334", i) || i + 3 < n && s.charAt(i + 3) != ' ' && !Chars.isLineEnd(s.charAt(i + 3))
                || !lineStartBefore(s, i)) {
            return -1;
        }
        int lineEnd = Chars.lineEnd(s, i, n);
        int k = lineEnd;
        if (k < n && s.charAt(k) == '\r') {
            k++;
        }
        if (k < n && s.charAt(k) == '\n') {
            k++;
        }
        k = Chars.skipBlanks(s, k, n);
        if (s.startsWith("C:", k)) {
            k += 2;
        } else {
            while (k < n && (s.charAt(k) == '>' || s.charAt(k) == '<')) {
                k++;
            }
        }
        k = Chars.skipBlanks(s, k, n);
        int end = base64Run(s, k, n);
        int after = Chars.skipBlanks(s, end, n);
        if (end > k && (after >= n || Chars.isLineEnd(s.charAt(after))) && !r.markerAt(k) && !isPlainWord(s, k, end)) {
            r.add(k, end, Rule.SMTP_AUTH);
        }
        return lineEnd;
    }

    /** True when only blanks, arrows or {@code S:} come before {@code i} on its line. */
    private static boolean lineStartBefore(String s, int i) {
        int k = i - 1;
        while (k >= 0 && (Chars.isBlank(s.charAt(k)) || s.charAt(k) == '>' || s.charAt(k) == '<')) {
            k--;
        }
        if (k >= 1 && s.charAt(k) == ':' && s.charAt(k - 1) == 'S') {
            k -= 2;
            while (k >= 0 && Chars.isBlank(s.charAt(k))) {
                k--;
            }
        }
        return k < 0 || Chars.isLineEnd(s.charAt(k));
    }

    private static int base64Run(String s, int k, int n) {
        while (k < n && Chars.isBase64(s.charAt(k))) {
            k++;
        }
        return k;
    }

    /**
     * A word as prose writes it (lower case, or capitalised): "AUTH PLAIN accepted" is a status, and
     * base64 of credentials never reads so (a NUL or a name's capital shows as a capital inside).
     */
    private static boolean isPlainWord(String s, int start, int end) {
        for (int k = start; k < end; k++) {
            char c = s.charAt(k);
            if (!Chars.isLower(c) && !(k == start && Chars.isUpper(c))) {
                return false;
            }
        }
        return true;
    }

    /** An EHLO line's list ({@code AUTH PLAIN LOGIN}), not credentials: a mechanism name. */
    private static boolean isMechanismList(String s, int start, int end) {
        if (end - start > 20) {
            return false;
        }
        for (int k = start; k < end; k++) {
            if (!Chars.isUpper(s.charAt(k)) && !Chars.isDigit(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }
}
