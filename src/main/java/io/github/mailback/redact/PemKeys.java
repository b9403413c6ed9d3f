package io.github.mailback.redact;

/**
 * The body of a PEM private key ({@code -----BEGIN ... PRIVATE KEY-----}: RSA, EC, DSA, OpenSSH,
 * PKCS#8 plain or encrypted, and PGP's {@code PRIVATE KEY BLOCK}); certificates and public keys stay.
 * The body is the run of base64 and header lines after the BEGIN line, separated by line ends, spaces
 * or the {@code \n} of a JSON string, up to the END line or, for a truncated key, to the first part
 * that is no base64: its words too, when plain words follow a truncated key on the same line.
 */
final class PemKeys {
    private static final String BEGIN = "-----BEGIN ";
    private static final String DASHES = "-----";

    private PemKeys() {
    }

    /** At a {@code -}. Returns where to go on. */
    static int at(Redaction r, int i) {
        String s = r.text;
        if (!s.startsWith(BEGIN, i)) {
            return i + 1;
        }
        int n = r.length;
        int k = i + BEGIN.length();
        int labelStart = k;
        while (k < n && k - labelStart < 64 && (Chars.isUpper(s.charAt(k)) || Chars.isDigit(s.charAt(k))
                || s.charAt(k) == ' ' || s.charAt(k) == '#')) {
            k++;
        }
        if (!s.startsWith(DASHES, k)) {
            return k;
        }
        String label = s.substring(labelStart, k);
        int headerEnd = k + DASHES.length();
        if (!label.endsWith("PRIVATE KEY") && !label.endsWith("PRIVATE KEY BLOCK")) {
            return headerEnd;
        }
        int bodyStart = -1;
        int bodyEnd = -1;
        k = headerEnd;
        while (true) {
            while (k < n && (Chars.isSpace(s.charAt(k)) || s.charAt(k) == '\\' && k + 1 < n
                    && "nrt".indexOf(s.charAt(k + 1)) >= 0)) {
                k += s.charAt(k) == '\\' ? 2 : 1;
            }
            if (k >= n || s.startsWith(DASHES, k)) {
                break;
            }
            int e = k;
            while (e < n && isBodyChar(s.charAt(e)) && !s.startsWith(DASHES, e)) {
                e++;
            }
            if (e == k) {
                break;
            }
            bodyStart = bodyStart < 0 ? k : bodyStart;
            bodyEnd = e;
            k = e;
        }
        if (bodyStart >= 0 && !r.markerAt(bodyStart)) {
            r.add(bodyStart, bodyEnd, Rule.PEM_PRIVATE_KEY);
        }
        return Math.max(headerEnd, bodyEnd);
    }

    /** Base64, and what the header lines of an encrypted key use ({@code Proc-Type: 4,ENCRYPTED}). */
    private static boolean isBodyChar(char c) {
        return Chars.isBase64(c) || c == ':' || c == ',' || c == '-';
    }
}
