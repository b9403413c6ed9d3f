package io.github.mailback.redact;

/**
 * Payment card numbers, only when the issuer prefix, the length and the Luhn check digit all agree:
 * Visa, Mastercard, American Express, Discover, Diners Club, JCB, UnionPay and Mir (ISO/IEC 7812). A
 * number is written whole (13 to 19 digits), or grouped as cards print them by single spaces or dashes:
 * fours with a shorter last group, or 4-6-5 and 4-6-4. A grouped number is taken whole, never a part of
 * it: the first 16 digits of a 19-digit number are no card. A number glued to letters, or to a decimal
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
        while (true) {
            int start = k;
            while (k < n && Chars.isDigit(s.charAt(k)) && k - start <= MAX) {
                k++;
            }
            starts[groups] = start;
            ends[groups] = k;
            groups++;
            if (groups < MAX_GROUPS && k + 1 < n && (s.charAt(k) == ' ' || s.charAt(k) == '-')
                    && Chars.isDigit(s.charAt(k + 1))) {
                separators[groups] = s.charAt(k);
                k++;
            } else {
                break;
            }
        }
        // Past MAX_GROUPS the run goes on after k, read from there as a run of its own.
        boolean gluedEnd = k == end && k < n && (Chars.isWord(s.charAt(k))
                || (s.charAt(k) == '.' || s.charAt(k) == ',') && k + 1 < n && Chars.isDigit(s.charAt(k + 1)));
        if (groups == 1 && (ends[0] - starts[0] < MIN || gluedEnd)) {
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
            if (digits >= MIN && digits <= MAX && !(h == groups - 1 && gluedEnd) && isCard(s, starts, ends, g, h, digits)) {
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
}
