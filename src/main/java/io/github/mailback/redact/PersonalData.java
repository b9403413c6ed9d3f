package io.github.mailback.redact;

/**
 * What identifies a person or an account rather than opening it: payment card numbers and IBANs, each
 * only when its check digits hold, and the opt-in email and IP addresses. {@link Redaction} calls each
 * rule's entry point where the rule may start.
 */
final class PersonalData {
    /** The fewest and most digits of a card number. */
    private static final int MIN_CARD = 13;
    private static final int MAX_CARD = 19;
    /** Groups looked at in one run: a 19-digit card in fours has five. */
    private static final int MAX_CARD_GROUPS = 24;
    /** The countries of the SWIFT IBAN registry and their IBAN lengths. */
    static final String IBAN_LENGTHS = "AD24AE23AL28AT20AZ28BA20BE16BG22BH22BI27BR29BY28CH21CR22CY28CZ24DE22"
            + "DJ27DK18DO28EE20EG29ES24FI18FK18FO18FR27GB22GE22GI23GL18GR27GT28HR21HU28IE22IL23IQ23IS26IT27JO30"
            + "KW30KZ20LB28LC32LI21LT20LU20LV21LY25MC27MD24ME22MK19MN20MR27MT31MU30NI28NL18NO15OM23PK24PL28PS29"
            + "PT25QA29RO24RS22RU33SA24SC31SD18SE24SI19SK24SM27SO23ST25SV28TL23TN24TR26UA29VA22VG24XK20YE30";
    private static final int MAX_IBAN = 34;
    /** The longest local part and domain of an email address, and the longest IPv6 address. */
    private static final int MAX_LOCAL = 64;
    private static final int MAX_DOMAIN = 253;
    private static final int MAX_IPV6 = 45;

    private PersonalData() {
    }

    /**
     * Payment card numbers, only when the issuer prefix, the length and the Luhn check digit all agree:
     * Visa, Mastercard, American Express, Discover, Diners Club, JCB, UnionPay and Mir (ISO/IEC 7812). A
     * number is written whole (13 to 19 digits), or grouped as cards print them by single spaces or dashes:
     * fours with a shorter last group, or 4-6-5 and 4-6-4. A grouped number is taken whole, never a part of
     * it: the first 16 digits of a 19-digit number are no card. A number glued to letters, or to a decimal
     * point, is something else; so are timestamps and epoch milliseconds (no issuer starts with 1).
     *
     * <p>At a word starting with a digit. Returns the end of the run of groups, or -1 when it is no card's.
     */
    static int cardAt(Redaction r, int i) {
        String s = r.text;
        int n = r.length;
        if (i > 0 && (s.charAt(i - 1) == '.' || s.charAt(i - 1) == ',') && i > 1 && Chars.isDigit(s.charAt(i - 2))) {
            return -1;
        }
        int total = 0;
        int end = i;
        while (true) {
            while (end < n && Chars.isDigit(s.charAt(end))) {
                end++;
                total++;
            }
            if (end + 1 < n && (s.charAt(end) == ' ' || s.charAt(end) == '-') && Chars.isDigit(s.charAt(end + 1))) {
                end++;
            } else {
                break;
            }
        }
        if (total < MIN_CARD) {
            return end == i + total ? -1 : end;
        }
        int[] starts = new int[MAX_CARD_GROUPS];
        int[] ends = new int[MAX_CARD_GROUPS];
        char[] separators = new char[MAX_CARD_GROUPS];
        int groups = 0;
        int k = i;
        while (true) {
            int start = k;
            while (k < n && Chars.isDigit(s.charAt(k)) && k - start <= MAX_CARD) {
                k++;
            }
            starts[groups] = start;
            ends[groups] = k;
            groups++;
            if (groups < MAX_CARD_GROUPS && k + 1 < n && (s.charAt(k) == ' ' || s.charAt(k) == '-')
                    && Chars.isDigit(s.charAt(k + 1))) {
                separators[groups] = s.charAt(k);
                k++;
            } else {
                break;
            }
        }
        // Past MAX_CARD_GROUPS the run goes on after k, read from there as a run of its own.
        boolean gluedEnd = k == end && k < n && (Chars.isWord(s.charAt(k))
                || (s.charAt(k) == '.' || s.charAt(k) == ',') && k + 1 < n && Chars.isDigit(s.charAt(k + 1)));
        if (groups == 1 && (ends[0] - starts[0] < MIN_CARD || gluedEnd)) {
            return -1;
        }
        int g = 0;
        while (g < groups) {
            int size = ends[g] - starts[g];
            int h = g;
            if (size == 4 && g + 2 < groups && ends[g + 1] - starts[g + 1] == 6 && separators[g + 1] == separators[g + 2]
                    && (ends[g + 2] - starts[g + 2] == 5 || ends[g + 2] - starts[g + 2] == 4)) {
                h = g + 2;
            } else if (size == 4) {
                while (h + 1 < groups && separators[h + 1] == separators[g + 1] && ends[h] - starts[h] == 4
                        && ends[h + 1] - starts[h + 1] <= 4) {
                    h++;
                }
            }
            int digits = 0;
            for (int j = g; j <= h; j++) {
                digits += ends[j] - starts[j];
            }
            if (digits >= MIN_CARD && digits <= MAX_CARD && !(h == groups - 1 && gluedEnd)
                    && isCard(s, starts, ends, g, h, digits)) {
                r.add(starts[g], ends[h], Rule.CARD_NUMBER);
            }
            g = h + 1;
        }
        return k;
    }

    /** Groups {@code g} to {@code h} as one number, when an issuer and the Luhn check accept it. */
    private static boolean isCard(String s, int[] starts, int[] ends, int g, int h, int length) {
        char[] digits = new char[length];
        int d = 0;
        for (int k = g; k <= h; k++) {
            for (int j = starts[k]; j < ends[k]; j++) {
                digits[d++] = s.charAt(j);
            }
        }
        return issuerAccepts(digits) && luhn(digits);
    }

    /** True when an issuer's prefix allows a number of this length. */
    static boolean issuerAccepts(char[] d) {
        int length = d.length;
        int p2 = (d[0] - '0') * 10 + d[1] - '0';
        int p3 = p2 * 10 + d[2] - '0';
        int p4 = p3 * 10 + d[3] - '0';
        int p6 = p4 * 100 + (d[4] - '0') * 10 + d[5] - '0';
        boolean sixteenTo19 = length >= 16 && length <= 19;
        return d[0] == '4' && (length == 13 || length == 16 || length == 19) // Visa
                || (p2 >= 51 && p2 <= 55 || p4 >= 2221 && p4 <= 2720) && length == 16 // Mastercard
                || (p2 == 34 || p2 == 37) && length == 15 // American Express
                || (p4 == 6011 || p3 >= 644 && p3 <= 649 || p2 == 65 || p6 >= 622126 && p6 <= 622925) && sixteenTo19
                || (p3 >= 300 && p3 <= 305 || p4 == 3095 || p2 == 36 || p2 == 38 || p2 == 39) && length >= 14
                && length <= 19 // Diners Club
                || p4 >= 3528 && p4 <= 3589 && sixteenTo19 // JCB
                || p2 == 62 && sixteenTo19 // UnionPay
                || p4 >= 2200 && p4 <= 2204 && sixteenTo19; // Mir
    }

    /** The Luhn check (ISO/IEC 7812-1 annex B): the check digit makes the weighted sum a multiple of 10. */
    static boolean luhn(char[] d) {
        int sum = 0;
        boolean twice = false;
        for (int k = d.length - 1; k >= 0; k--) {
            int v = d[k] - '0';
            if (twice) {
                v *= 2;
                if (v > 9) {
                    v -= 9;
                }
            }
            sum += v;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    /** The IBAN length of a country, or 0. */
    static int ibanLength(char a, char b) {
        for (int k = 0; k < IBAN_LENGTHS.length(); k += 4) {
            if (IBAN_LENGTHS.charAt(k) == a && IBAN_LENGTHS.charAt(k + 1) == b) {
                return (IBAN_LENGTHS.charAt(k + 2) - '0') * 10 + IBAN_LENGTHS.charAt(k + 3) - '0';
            }
        }
        return 0;
    }

    /**
     * IBANs (ISO 13616): a country of the IBAN registry, two check digits and the account number, at the
     * country's length, written whole or in groups of four separated by single spaces, whose mod-97 check
     * (ISO 7064 MOD 97-10) holds. The check catches every changed character and most swaps, so an id that
     * merely looks like an IBAN passes it once in 97 tries, and then only at its country's exact length.
     *
     * <p>At a word starting with a capital. Returns where to go on, or -1.
     */
    static int ibanAt(Redaction r, int i) {
        String s = r.text;
        int n = r.length;
        if (i + 4 > n || !Chars.isUpper(s.charAt(i + 1)) || !Chars.isDigit(s.charAt(i + 2))
                || !Chars.isDigit(s.charAt(i + 3))) {
            return -1;
        }
        int length = ibanLength(s.charAt(i), s.charAt(i + 1));
        if (length == 0) {
            return -1;
        }
        char[] iban = new char[length];
        s.getChars(i, i + 4, iban, 0);
        int got = 4;
        int k = i + 4;
        boolean grouped = k + 1 < n && s.charAt(k) == ' ' && isIbanChar(s.charAt(k + 1));
        while (got < length) {
            if (grouped && (got % 4 == 0)) {
                if (k + 1 >= n || s.charAt(k) != ' ') {
                    return -1;
                }
                k++;
            }
            if (k >= n || !isIbanChar(s.charAt(k))) {
                return -1;
            }
            iban[got++] = s.charAt(k++);
        }
        if (k < n && Chars.isWord(s.charAt(k)) || !mod97(iban)) {
            return -1;
        }
        r.add(i, k, Rule.IBAN);
        return k;
    }

    private static boolean isIbanChar(char c) {
        return Chars.isUpper(c) || Chars.isDigit(c);
    }

    /** True when the IBAN, its first four characters moved to its end and letters read as 10 to 35, is 1 mod 97. */
    static boolean mod97(char[] iban) {
        if (iban.length < 5 || iban.length > MAX_IBAN) {
            return false;
        }
        int rest = 0;
        for (int k = 0; k < iban.length; k++) {
            char c = iban[(k + 4) % iban.length];
            if (Chars.isDigit(c)) {
                rest = (rest * 10 + c - '0') % 97;
            } else if (Chars.isUpper(c)) {
                rest = (rest * 100 + c - 'A' + 10) % 97;
            } else {
                return false;
            }
        }
        return rest == 1;
    }

    /**
     * Email addresses and IP addresses, off unless turned on: on-call engineers need them, and they are
     * personal data rather than credentials. An email address is a local part, {@code @} and a domain of
     * two labels or more ending in letters. An IPv4 address is four numbers of 0 to 255 (a fifth part makes
     * it a version number); an IPv6 address has {@code ::} or eight groups, and a digit (so that
     * {@code String::valueOf} and a time of day are none).
     *
     * <p>At a {@code @}. Returns where to go on.
     */
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
