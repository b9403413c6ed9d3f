package io.github.mailback.redact;

/**
 * Payment card numbers, only when the issuer prefix, the length and the Luhn check digit all agree:
 * Visa, Mastercard, American Express, Discover, Diners Club, JCB, UnionPay and Mir (ISO/IEC 7812). The
 * digits may be grouped as cards print them, by single spaces or dashes: fours (the last group shorter),
 * or 4-6-5 and 4-6-4. A run of groups may hold several cards. A run glued to letters, or to a decimal
 * point, is something else; so are timestamps and epoch milliseconds (no issuer starts with 1).
 */
final class CardNumbers {
    private static final int MIN = 13;
    private static final int MAX = 19;
    /** Groups looked at in one run: a 19-digit card in fours has five. */
    private static final int MAX_GROUPS = 24;

    private CardNumbers() {
    }

    /** At a word starting with a digit. Returns the end of the run of groups, or -1 when it is no card's. */
    static int at(Redaction r, int i) {
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
        if (total < MIN) {
            return end == i + total ? -1 : end;
        }
        int[] starts = new int[MAX_GROUPS];
        int[] ends = new int[MAX_GROUPS];
        char[] separators = new char[MAX_GROUPS];
        int groups = 0;
        int k = i;
        while (groups < MAX_GROUPS) {
            int start = k;
            while (k < n && Chars.isDigit(s.charAt(k)) && k - start <= MAX) {
                k++;
            }
            starts[groups] = start;
            ends[groups] = k;
            groups++;
            if (k + 1 < n && (s.charAt(k) == ' ' || s.charAt(k) == '-') && Chars.isDigit(s.charAt(k + 1))) {
                separators[groups] = s.charAt(k);
                k++;
            } else {
                break;
            }
        }
        // Past MAX_GROUPS the run goes on at k, a group's first digit, read from there as a run of its own.
        boolean gluedEnd = k == end && k < n && (Chars.isWord(s.charAt(k))
                || (s.charAt(k) == '.' || s.charAt(k) == ',') && k + 1 < n && Chars.isDigit(s.charAt(k + 1)));
        if (groups == 1 && (ends[0] - starts[0] < MIN || gluedEnd)) {
            return -1;
        }
        int g = 0;
        while (g < groups) {
            int found = -1;
            int digits = 0;
            for (int h = g; h < groups; h++) {
                digits += ends[h] - starts[h];
                if (digits > MAX || h > g && separators[h] != separators[g + 1]) {
                    break;
                }
                if (digits >= MIN && !(h == groups - 1 && gluedEnd) && grouped(starts, ends, g, h)
                        && isCard(s, starts, ends, g, h, digits)) {
                    found = h;
                }
            }
            if (found >= 0) {
                r.add(starts[g], ends[found], Rule.CARD_NUMBER);
                g = found + 1;
            } else {
                g++;
            }
        }
        return k;
    }

    /** Groups {@code g} to {@code h} as cards print them: one, fours with a shorter last, 4-6-5 or 4-6-4. */
    private static boolean grouped(int[] starts, int[] ends, int g, int h) {
        if (g == h) {
            return true;
        }
        int[] sizes = new int[h - g + 1];
        for (int k = g; k <= h; k++) {
            sizes[k - g] = ends[k] - starts[k];
        }
        if (sizes.length == 3 && sizes[0] == 4 && sizes[1] == 6 && (sizes[2] == 5 || sizes[2] == 4)) {
            return true;
        }
        for (int k = 0; k < sizes.length - 1; k++) {
            if (sizes[k] != 4) {
                return false;
            }
        }
        return sizes[sizes.length - 1] <= 4;
    }

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
}
