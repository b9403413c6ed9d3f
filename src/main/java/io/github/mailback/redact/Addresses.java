package io.github.mailback.redact;

/**
 * Email addresses and IP addresses, off unless turned on: on-call engineers need them, and they are
 * personal data rather than credentials. An email address is a local part, {@code @} and a domain of
 * two labels or more ending in letters. An IPv4 address is four numbers of 0 to 255 (a fifth part makes
 * it a version number); an IPv6 address has {@code ::} or eight groups, and a digit (so that
 * {@code String::valueOf} and a time of day are none).
 */
final class Addresses {
    private static final int MAX_LOCAL = 64;
    private static final int MAX_DOMAIN = 253;
    private static final int MAX_IPV6 = 45;

    private Addresses() {
    }

    /** At a {@code @}. Returns where to go on. */
    static int emailAt(Redaction r, int at) {
        if (!r.on(Rule.EMAIL)) {
            return at + 1;
        }
        String s = r.text;
        int n = r.length;
        int start = at;
        while (start > 0 && at - start < MAX_LOCAL && isLocalChar(s.charAt(start - 1))) {
            start--;
        }
        // user:password@host is a URL's.
        if (start == at || start > 0 && (s.charAt(start - 1) == ':' || s.charAt(start - 1) == '/'
                || Chars.isWord(s.charAt(start - 1)))) {
            return at + 1;
        }
        int k = at + 1;
        int labels = 0;
        int end = -1;
        int lastLabel = -1;
        while (k < n && k - at <= MAX_DOMAIN) {
            int ls = k;
            while (k < n && (Chars.isAsciiAlnum(s.charAt(k)) || s.charAt(k) == '-')) {
                k++;
            }
            if (k == ls) {
                break;
            }
            labels++;
            end = k;
            lastLabel = ls;
            if (k + 1 < n && s.charAt(k) == '.' && Chars.isAsciiAlnum(s.charAt(k + 1))) {
                k++;
            } else {
                break;
            }
        }
        if (labels < 2 || end - lastLabel < 2 || !allLetters(s, lastLabel, end)) {
            return at + 1;
        }
        r.add(start, end, Rule.EMAIL);
        return end;
    }

    private static boolean isLocalChar(char c) {
        return Chars.isAsciiAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    private static boolean allLetters(String s, int a, int b) {
        for (int k = a; k < b; k++) {
            if (!Chars.isAsciiLetter(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    /** At a word starting with a digit: an IPv4 address. Returns where to go on, or -1. */
    static int ipAt(Redaction r, int i) {
        if (!r.on(Rule.IP_ADDRESS)) {
            return -1;
        }
        String s = r.text;
        int n = r.length;
        if (i > 0 && s.charAt(i - 1) == '.') {
            return -1;
        }
        int k = i;
        for (int part = 0; part < 4; part++) {
            int start = k;
            int value = 0;
            while (k < n && k - start < 3 && Chars.isDigit(s.charAt(k))) {
                value = value * 10 + s.charAt(k++) - '0';
            }
            if (k == start || value > 255 || k < n && Chars.isDigit(s.charAt(k))) {
                return ipv6At(r, i);
            }
            if (part < 3) {
                if (k >= n || s.charAt(k) != '.') {
                    return ipv6At(r, i);
                }
                k++;
            }
        }
        if (k < n && (Chars.isWord(s.charAt(k)) || s.charAt(k) == '.' && k + 1 < n && Chars.isDigit(s.charAt(k + 1)))) {
            return -1;
        }
        r.add(i, k, Rule.IP_ADDRESS);
        return k;
    }

    /** At a hexadecimal digit starting a word, or at {@code ::}: an IPv6 address. Returns where to go on, or -1. */
    static int ipv6At(Redaction r, int i) {
        if (!r.on(Rule.IP_ADDRESS)) {
            return -1;
        }
        String s = r.text;
        int n = r.length;
        if (i > 0 && (s.charAt(i - 1) == ':' || Chars.isWord(s.charAt(i - 1)))) {
            return -1;
        }
        int end = i;
        while (end < n && end - i < MAX_IPV6 && (Chars.isHex(s.charAt(end)) || s.charAt(end) == ':')) {
            end++;
        }
        // A dot goes on only as an IPv4 tail (::ffff:192.0.2.1): digits and dots. So what follows a dot
        // after hexadecimal groups, which another rule may redact, decides nothing.
        while (end < n && end - i < MAX_IPV6 && (Chars.isDigit(s.charAt(end)) || s.charAt(end) == '.')) {
            end++;
        }
        while (end > i && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == ':' && !s.startsWith("::", end - 2))) {
            end--;
        }
        if (end < n && (Chars.isWord(s.charAt(end)) || s.charAt(end) == ':') || !isIpv6(s, i, end)) {
            return -1;
        }
        r.add(i, end, Rule.IP_ADDRESS);
        return end;
    }

    /** RFC 4291 section 2.2 text forms, with a trailing IPv4 address allowed; and at least one digit. */
    static boolean isIpv6(String s, int a, int b) {
        int groups = 0;
        boolean compressed = false;
        boolean digit = false;
        int k = a;
        if (s.startsWith("::", k)) {
            compressed = true;
            k += 2;
        }
        while (k < b) {
            int start = k;
            while (k < b && Chars.isHex(s.charAt(k))) {
                digit |= Chars.isDigit(s.charAt(k));
                k++;
            }
            if (k < b && s.charAt(k) == '.') {
                // An IPv4 address ends it: it counts as two groups.
                return isIpv4(s, start, b) && (compressed ? groups <= 5 : groups == 6);
            }
            if (k - start < 1 || k - start > 4) {
                return false;
            }
            groups++;
            if (k == b) {
                break;
            }
            if (s.charAt(k) != ':') {
                return false;
            }
            k++;
            if (k < b && s.charAt(k) == ':') {
                if (compressed) {
                    return false;
                }
                compressed = true;
                k++;
            } else if (k == b) {
                return false;
            }
        }
        return digit && (compressed ? groups <= 7 : groups == 8);
    }

    private static boolean isIpv4(String s, int a, int b) {
        int parts = 0;
        int k = a;
        while (k < b) {
            int start = k;
            int value = 0;
            while (k < b && Chars.isDigit(s.charAt(k))) {
                value = value * 10 + s.charAt(k++) - '0';
            }
            if (k == start || k - start > 3 || value > 255) {
                return false;
            }
            parts++;
            if (k < b) {
                if (s.charAt(k) != '.') {
                    return false;
                }
                k++;
            }
        }
        return parts == 4;
    }
}
