package io.github.mailback.mime;

/** The Content-Transfer-Encoding of a part (RFC 2045 section 6). */
enum TransferEncoding {
    SEVEN_BIT("7bit"), EIGHT_BIT("8bit"), QUOTED_PRINTABLE("quoted-printable"), BASE64("base64");

    /** RFC 5322 section 2.1.1: a line is at most 998 octets before its CRLF. */
    static final int MAX_LINE = 998;

    final String token;

    TransferEncoding(String token) {
        this.token = token;
    }

    /**
     * {@code 7bit} for ASCII with lines that fit, {@code 8bit} for UTF-8 with lines that fit when the
     * server offers 8BITMIME (RFC 6152), otherwise quoted-printable. NUL is not allowed in 7bit or
     * 8bit data (RFC 2045 section 2.7, 2.8), so it forces quoted-printable too.
     */
    static TransferEncoding forText(TextLines.Profile p, boolean allow8bit) {
        if (p.nul || p.longestLine > MAX_LINE) {
            return QUOTED_PRINTABLE;
        }
        if (!p.eightBit) {
            return SEVEN_BIT;
        }
        return allow8bit ? EIGHT_BIT : QUOTED_PRINTABLE;
    }
}
