package io.github.mailback.redact;

/**
 * The password of a URL's user information ({@code scheme://user:password@host}, RFC 3986 section
 * 3.2.1), whatever the scheme: {@code jdbc:postgresql://}, {@code mongodb+srv://}, {@code redis://:pw@}
 * (no user), {@code amqp://}. The user and the host stay. The authority runs from {@code //} to the first
 * {@code / ? #}, white space or quote; a password with an unescaped {@code @} is still taken whole, to
 * the last {@code @}. Also Oracle's {@code jdbc:oracle:thin:user/password@host}.
 */
final class UrlPasswords {
    /** Longer than any host name with its user information. */
    private static final int MAX_AUTHORITY = 512;

    private UrlPasswords() {
    }

    /** At the {@code :} of {@code ://}. Returns where to go on: the user information is read on too. */
    static int at(Redaction r, int colon) {
        String s = r.text;
        int start = colon + 3;
        int limit = Math.min(r.length, start + MAX_AUTHORITY);
        int at = -1;
        int firstColon = -1;
        for (int k = start; k < limit; k++) {
            char c = s.charAt(k);
            if (Chars.isSpace(c) || "/?#\"'<>\\".indexOf(c) >= 0) {
                break;
            }
            if (c == '@') {
                at = k;
            } else if (c == ':' && firstColon < 0 && at < 0) {
                firstColon = k;
            }
        }
        if (at > 0 && firstColon >= 0) {
            addPassword(r, firstColon + 1, at);
        }
        return start;
    }

    /** At a word starting with {@code j}: {@code jdbc:oracle:DRIVER:user/password@}. */
    static int oracleAt(Redaction r, int i) {
        String s = r.text;
        if (!s.startsWith("jdbc:oracle:", i)) {
            return -1;
        }
        int n = r.length;
        int k = i + 12;
        while (k < n && Chars.isAsciiAlnum(s.charAt(k))) {
            k++;
        }
        if (k >= n || s.charAt(k) != ':') {
            return k;
        }
        int limit = Math.min(n, k + MAX_AUTHORITY);
        int slash = -1;
        for (int j = k + 1; j < limit; j++) {
            char c = s.charAt(j);
            if (Chars.isSpace(c) || c == '@' || c == '"') {
                break;
            }
            if (c == '/') {
                slash = j;
                break;
            }
        }
        if (slash < 0) {
            return k + 1;
        }
        int ps = slash + 1;
        int pe;
        if (ps < n && s.charAt(ps) == '"') {
            pe = s.indexOf('"', ps + 1);
            if (pe < 0 || pe + 1 >= n || s.charAt(pe + 1) != '@') {
                return ps;
            }
            addPassword(r, ps + 1, pe);
            return pe + 1;
        }
        pe = ps;
        while (pe < limit && s.charAt(pe) != '@' && !Chars.isSpace(s.charAt(pe))) {
            pe++;
        }
        if (pe < n && s.charAt(pe) == '@') {
            addPassword(r, ps, pe);
        }
        return pe;
    }

    private static void addPassword(Redaction r, int start, int end) {
        if (start < end && !r.markerAt(start) && !KeyValues.notASecret(r.text, start, end)) {
            r.add(start, end, Rule.URL_PASSWORD);
        }
    }
}
