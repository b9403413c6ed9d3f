package io.github.mailback.redact;

/**
 * IBANs (ISO 13616): a country of the IBAN registry, two check digits and the account number, at the
 * country's length, written whole or in groups of four separated by single spaces, whose mod-97 check
 * (ISO 7064 MOD 97-10) holds. The check catches every changed character and most swaps, so an id that
 * merely looks like an IBAN passes it once in 97 tries, and then only at its country's exact length.
 */
final class Ibans {
    /** The countries of the SWIFT IBAN registry and their IBAN lengths. */
    static final String LENGTHS = "AD24AE23AL28AT20AZ28BA20BE16BG22BH22BI27BR29BY28CH21CR22CY28CZ24DE22"
            + "DJ27DK18DO28EE20EG29ES24FI18FK18FO18FR27GB22GE22GI23GL18GR27GT28HR21HU28IE22IL23IQ23IS26IT27JO30"
            + "KW30KZ20LB28LC32LI21LT20LU20LV21LY25MC27MD24ME22MK19MN20MR27MT31MU30NI28NL18NO15OM23PK24PL28PS29"
            + "PT25QA29RO24RS22RU33SA24SC31SD18SE24SI19SK24SM27SO23ST25SV28TL23TN24TR26UA29VA22VG24XK20YE30";
    private static final int MAX = 34;

    private Ibans() {
    }

    /** The IBAN length of a country, or 0. */
    static int length(char a, char b) {
        for (int k = 0; k < LENGTHS.length(); k += 4) {
            if (LENGTHS.charAt(k) == a && LENGTHS.charAt(k + 1) == b) {
                return (LENGTHS.charAt(k + 2) - '0') * 10 + LENGTHS.charAt(k + 3) - '0';
            }
        }
        return 0;
    }

    /** At a word starting with a capital. Returns where to go on, or -1. */
    static int at(Redaction r, int i) {
        String s = r.text;
        int n = r.length;
        if (i + 4 > n || !Chars.isUpper(s.charAt(i + 1)) || !Chars.isDigit(s.charAt(i + 2))
                || !Chars.isDigit(s.charAt(i + 3))) {
            return -1;
        }
        int length = length(s.charAt(i), s.charAt(i + 1));
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
        if (iban.length < 5 || iban.length > MAX) {
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
}
