package io.github.mailback.mime;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Writes cleaned header text (see {@link HeaderText}) as tokens of a {@link HeaderLine}: plain
 * ASCII words as they are, everything else as RFC 2047 encoded words in UTF-8, B or Q, whichever is
 * shorter. Each encoded word is at most 75 characters (section 2) and holds whole code points
 * (section 5: an encoded word must hold whole characters), so folding never splits a character.
 */
final class EncodedWords {
    /** RFC 2047 section 2: an encoded word is at most 75 characters. */
    static final int MAX_WORD = 75;
    private static final String PREFIX_B = "=?UTF-8?B?";
    private static final String PREFIX_Q = "=?UTF-8?Q?";
    private static final String SUFFIX = "?=";
    private static final int OVERHEAD = PREFIX_B.length() + SUFFIX.length();
    /** Room for the overhead and the largest code point in either encoding (4 octets as Q: 12). */
    private static final int MIN_WORD = OVERHEAD + 12;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private EncodedWords() {
    }

    /**
     * Unstructured text (Subject, custom fields). Runs of words that need encoding become one
     * encoded stretch with their separating spaces inside, because white space between adjacent
     * encoded words is dropped by readers (section 6.2).
     */
    static void unstructured(HeaderLine line, String cleaned) {
        if (cleaned.isEmpty()) {
            return;
        }
        String[] words = cleaned.split(" ");
        int i = 0;
        while (i < words.length) {
            if (isPlainWord(words[i])) {
                line.token(words[i++]);
                continue;
            }
            int start = i;
            while (i < words.length && !isPlainWord(words[i])) {
                i++;
            }
            encode(line, String.join(" ", Arrays.asList(words).subList(start, i)));
        }
    }

    /**
     * A display name (RFC 5322 phrase): atoms as they are, other printable ASCII as one quoted
     * string, anything else encoded whole (section 5(3): encoded words replace the words of a phrase).
     */
    static void phrase(HeaderLine line, String cleaned) {
        String[] words = cleaned.split(" ");
        boolean atoms = true;
        for (String w : words) {
            atoms &= isAtom(w) && w.length() <= HeaderLine.freshRoom() && !w.contains("=?");
        }
        if (atoms) {
            for (String w : words) {
                line.token(w);
            }
        } else if (isPrintableAscii(cleaned) && !cleaned.contains("=?") && cleaned.length() <= 60) {
            line.token(quote(cleaned));
        } else {
            encode(line, cleaned);
        }
    }

    /** A quoted-string (RFC 5322 section 3.2.4) for printable ASCII text. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    /**
     * True when the word may go into unstructured text as is. A word ending in a backslash is
     * encoded: folding after it would put "\" before CRLF, which some readers (Jakarta Mail's
     * unfold) take for an escaped line break and keep.
     */
    static boolean isPlainWord(String w) {
        return !w.isEmpty() && w.length() <= HeaderLine.freshRoom() - 1 && isPrintableAscii(w) && !w.contains("=?")
                && !w.endsWith("\\");
    }

    static boolean isPrintableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** RFC 5322 section 3.2.3 atext, one or more. */
    static boolean isAtom(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Encodes text as a sequence of encoded words, splitting only between code points. */
    static void encode(HeaderLine line, String text) {
        byte[] all = text.getBytes(StandardCharsets.UTF_8);
        int qLength = 0;
        for (byte b : all) {
            qLength += qCost(b);
        }
        boolean useQ = qLength <= 4 * ((all.length + 2) / 3);
        int budget = line.room() >= MIN_WORD ? Math.min(MAX_WORD, line.room()) : MAX_WORD;
        int wordStart = 0;
        int cost = 0;
        int pos = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int n = utf8Length(cp);
            int added;
            if (useQ) {
                added = 0;
                for (int k = 0; k < n; k++) {
                    added += qCost(all[pos + k]);
                }
            } else {
                added = 4 * ((pos + n - wordStart + 2) / 3) - cost;
            }
            if (cost > 0 && OVERHEAD + cost + added > budget) {
                line.token(word(all, wordStart, pos, useQ));
                budget = MAX_WORD;
                wordStart = pos;
                cost = 0;
                added = useQ ? added : 4 * ((n + 2) / 3);
            }
            cost += added;
            pos += n;
            i += Character.charCount(cp);
        }
        if (pos > wordStart) {
            line.token(word(all, wordStart, pos, useQ));
        }
    }

    private static String word(byte[] bytes, int from, int to, boolean useQ) {
        StringBuilder sb = new StringBuilder(MAX_WORD);
        if (useQ) {
            sb.append(PREFIX_Q);
            for (int i = from; i < to; i++) {
                int b = bytes[i] & 0xff;
                if (b == ' ') {
                    sb.append('_');
                } else if (qCost(bytes[i]) == 1) {
                    sb.append((char) b);
                } else {
                    sb.append('=').append(HEX[b >> 4]).append(HEX[b & 0xf]);
                }
            }
        } else {
            sb.append(PREFIX_B);
            byte[] part = Arrays.copyOfRange(bytes, from, to);
            sb.append(Base64.getEncoder().encodeToString(part));
        }
        return sb.append(SUFFIX).toString();
    }

    /**
     * Characters one octet takes in Q: only the characters RFC 2047 section 5(3) allows in a phrase
     * stay literal, so the same encoding is safe in Subject and in display names.
     */
    private static int qCost(byte b) {
        int c = b & 0xff;
        boolean literal = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '!' || c == '*' || c == '+' || c == '-' || c == '/' || c == ' ';
        return literal ? 1 : 3;
    }

    private static int utf8Length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }
}
