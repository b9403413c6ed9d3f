package io.github.mailback.mime;

import java.nio.charset.StandardCharsets;

/**
 * MIME parameters holding text (a file name): a quoted-string when the text is short printable ASCII,
 * otherwise RFC 2231 encoded ({@code name*0*=UTF-8''%E2%82%AC; name*1*=...}), in pieces that fold
 * within 78 characters and never split a character.
 */
final class Parameters {
    /** RFC 2231 section 7 attribute-char: what stays literal in an extended value. */
    private static final String ATTR_CHAR_EXTRA = "!#$&+-.^_`|~";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final int PIECE = 50;

    private Parameters() {
    }

    /** Adds {@code name=value} to the line as tokens, {@code ;} after each but the last when {@code more}. */
    static void text(HeaderLine line, String name, String cleaned, boolean more) {
        String end = more ? ";" : "";
        if (EncodedWords.isPrintableAscii(cleaned) && cleaned.length() <= 60) {
            line.token(name + "=" + EncodedWords.quote(cleaned) + end);
            return;
        }
        StringBuilder piece = new StringBuilder("UTF-8''");
        int index = 0;
        for (int i = 0; i < cleaned.length(); ) {
            int cp = cleaned.codePointAt(i);
            i += Character.charCount(cp);
            byte[] octets = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
            for (byte b : octets) {
                int c = b & 0xff;
                if (c < 0x80 && (Character.isLetterOrDigit(c) || ATTR_CHAR_EXTRA.indexOf(c) >= 0)) {
                    piece.append((char) c);
                } else {
                    piece.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
                }
            }
            if (piece.length() >= PIECE && i < cleaned.length()) {
                line.token(name + "*" + index++ + "*=" + piece + ";");
                piece.setLength(0);
            }
        }
        line.token(name + "*" + index + "*=" + piece + end);
    }
}
