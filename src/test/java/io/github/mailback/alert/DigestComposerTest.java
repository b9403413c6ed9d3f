package io.github.mailback.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DigestComposerTest {
    @Test
    void oneLineTurnsEveryLineBreakAndControlIntoASingleSpace() {
        assertEquals("a b c d e", DigestComposer.oneLine("a\r\nb\n\nc\u2028d\u0000\te"));
        assertEquals("x", DigestComposer.oneLine("\r\n x \r\n"));
        assertEquals("a b c d e", DigestComposer.oneLine("a\u0085b\u009bc\u2029d\u007f\u0080e"));
    }
}
