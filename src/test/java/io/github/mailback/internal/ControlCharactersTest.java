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
}
