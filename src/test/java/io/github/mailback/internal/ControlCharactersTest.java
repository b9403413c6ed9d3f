package io.github.mailback.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class ControlCharactersTest {

    @Test
    void controlsAreC0DelC1AndTheUnicodeLineSeparators() {
        for (char c : new char[] {'\u0000', '\t', '\n', '\r', '\u001b', '\u001f', '\u007f', '\u0080', '\u0085',
                '\u009b', '\u009f', '\u2028', '\u2029'}) {
            assertTrue(ControlCharacters.isControl(c), () -> "U+" + Integer.toHexString(c));
        }
        for (char c : new char[] {' ', '~', '\u00a0', '\u00e9', '\u2027', '\u202a', '\u202e', '\ufeff', '\ud83d'}) {
            assertFalse(ControlCharacters.isControl(c), () -> "U+" + Integer.toHexString(c));
        }
    }

    @Test
    void printableEscapesEveryControlAndKeepsTheRest() {
        assertEquals("a\\u000d\\u000ab\\u0009c\\u0085d\\u009be\\u2028f\\u2029 \u00e9\ud83d\ude00",
                ControlCharacters.printable("a\r\nb\tc\u0085d\u009be\u2028f\u2029 \u00e9\ud83d\ude00", 200));
        assertEquals("plain", ControlCharacters.printable("plain", 5));
    }

    @Test
    void printableCutsAtTheLimitWithoutSplittingAnEscapeOrASurrogatePair() {
        assertEquals("abc\u2026", ControlCharacters.printable("abcdef", 3));
        assertEquals("ab\u2026", ControlCharacters.printable("ab\r\ncd", 7));
        assertEquals("ab\\u000d\u2026", ControlCharacters.printable("ab\r\ncd", 8));
        assertEquals("a\u2026", ControlCharacters.printable("a\ud83d\ude00b", 2));
        assertEquals("a\ud83d\ude00\u2026", ControlCharacters.printable("a\ud83d\ude00b", 3));
    }
}
