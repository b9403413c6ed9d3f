package io.github.mailback.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mailback.mime.Address;
import io.github.mailback.mime.Message;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class DigestComposerTest {
    @Test
    void oneLineTurnsEveryLineBreakAndControlIntoASingleSpace() {
        assertEquals("a b c d e", DigestComposer.oneLine("a\r\nb\n\nc\u2028d\u0000\te"));
        assertEquals("x", DigestComposer.oneLine("\r\n x \r\n"));
        assertEquals("a b c d e", DigestComposer.oneLine("a\u0085b\u009bc\u2029d\u007f\u0080e"));
    }

    /** Mail clients thread one error's emails by these ids, across JVMs: the From domain stays on the right. */
    @Test
    void everyEmailHasItsOwnMessageIdWithTheSendersDomain() {
        DigestSamples samples = new DigestSamples();
        Route route = new Route(List.of("ops@example.com"));
        DigestComposer composer = new DigestComposer(samples.textLayout(), samples.textLayout(), null, "example.com",
                ZoneOffset.UTC, () -> DigestSamples.T0);
        String one = composer.compose(route, "s", "t").messageId();
        String two = composer.compose(route, List.of(), 1).messageId();
        assertTrue(one.matches("<mailback\\.[0-9a-f]{24}@example\\.com>"), one);
        assertTrue(two.matches("<mailback\\.[0-9a-f]{24}@example\\.com>"), two);
        assertNotEquals(one, two);

        String idn = new DigestComposer(samples.textLayout(), samples.textLayout(), null, "b\u00fccher.example",
                ZoneOffset.UTC, () -> DigestSamples.T0).compose(route, "s", "t").messageId();
        assertTrue(idn.endsWith("@xn--bcher-kva.example>"), idn);
        Message m = Message.builder().from(Address.of("app@b\u00fccher.example")).to(Address.of("ops@example.com"))
                .messageId(idn).build();
        assertEquals(idn, m.messageId());
    }
}
