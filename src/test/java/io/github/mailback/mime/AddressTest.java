package io.github.mailback.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class AddressTest {
    @Test
    void parsesABareAddress() {
        Address a = Address.parse("  ops@example.com ");
        assertEquals("ops@example.com", a.email());
        assertNull(a.displayName());
    }

    @Test
    void parsesANameAndAnAddressInAngleBrackets() {
        Address a = Address.parse("Ops Team <ops@example.com>");
        assertEquals("ops@example.com", a.email());
        assertEquals("Ops Team", a.displayName());
    }

    @Test
    void parsesAQuotedNameWithCommaAndEscapes() {
        Address a = Address.parse("\"Doe, J \\\"Jo\\\"\" <j@example.com>");
        assertEquals("Doe, J \"Jo\"", a.displayName());
        assertEquals("j@example.com", a.email());
    }

    @Test
    void aQuotedLocalPartIsOneQuotedStringClosedRightBeforeTheAt() {
        assertEquals("\"a b\"@example.com", Address.parse("\"a b\"@example.com").email());
        assertEquals("\"a\\\"b\"@example.com", Address.parse("\"a\\\"b\"@example.com").email());
        for (String hostile : List.of("\"Ops\" <evil@evil.com>,ops@example.com", "\"a\"b\"@example.com",
                "\"a\\\"@example.com", "\"@example.com")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Address.parse(hostile));
            assertEquals(true, e.getMessage().contains("quote"), e.getMessage());
        }
    }

    @Test
    void angleBracketsWithoutNameGiveNoName() {
        assertNull(Address.parse("<a@example.com>").displayName());
    }

    @Test
    void parseListRespectsCommasInsideQuotes() {
        List<Address> list = Address.parseList("\"Doe, J\" <j@example.com>, a@example.com,, Bob <b@example.com>,");
        assertEquals(List.of(Address.of("j@example.com", "Doe, J"), Address.of("a@example.com"),
                Address.of("b@example.com", "Bob")), list);
        assertEquals(List.of(), Address.parseList("  "));
    }

    @Test
    void invalidAddressesAreRefusedByTheMailboxCheck() {
        assertThrows(IllegalArgumentException.class, () -> Address.of("no-at-sign"));
        assertThrows(IllegalArgumentException.class, () -> Address.of("a@b\r\nRCPT TO:<x@y>"));
        assertThrows(IllegalArgumentException.class, () -> Address.parse("Name <a b@example.com>"));
        assertThrows(IllegalArgumentException.class, () -> Address.parse("Name a@example.com>"));
        assertThrows(IllegalArgumentException.class, () -> Address.parse("Na\"me <a@example.com>"));
        assertThrows(IllegalArgumentException.class, () -> Address.parseList("a@example.com, bad"));
    }

    @Test
    void controlCharactersAreRefusedInParsedTextAndInTheMailbox() {
        for (String control : List.of("\u0000", "\r", "\n", "\u001b", "\u007f", "\u0085", "\u009b", "\u2028",
                "\u2029")) {
            for (String text : List.of("ops" + control + "@example.com", "Ops" + control + "Team <ops@example.com>",
                    "\"Ops" + control + "Team\" <ops@example.com>")) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Address.parse(text),
                        text);
                assertEquals(-1, indexOfControl(e.getMessage()), e.getMessage());
                assertTrue(e.getMessage().contains(String.format("\\u%04x", (int) control.charAt(0))), e.getMessage());
            }
            assertThrows(IllegalArgumentException.class, () -> Address.of("ops" + control + "@example.com"));
        }
    }

    /** Found by RecipientAddressFuzzTest: a quoted name ending in a space printed without it. */
    @Test
    void anAddressParsesBackEqualToItself() {
        Address a = Address.parse("\"Doe, J \" <j.doe@example.com>");
        assertEquals(a, Address.parse(a.toString()));
        assertEquals("Doe, J", a.displayName());
    }

    @Test
    void aTabAroundOrInsideParsedTextIsWhiteSpace() {
        Address a = Address.parse("\tOps\tTeam <ops@example.com>\t");
        assertEquals("Ops Team", a.displayName(), "held as written");
        assertEquals("Ops Team <ops@example.com>", a.toString());
        assertThrows(IllegalArgumentException.class, () -> Address.of("ops\t@example.com"));
    }

    @Test
    void blankDisplayNameMeansNone() {
        assertNull(Address.of("a@example.com", "   ").displayName());
        assertNull(Address.of("a@example.com", null).displayName());
    }

    @Test
    void toStringIsReadableAndParsesBack() {
        for (Address a : List.of(Address.of("a@example.com"), Address.of("a@example.com", "Ann Lee"),
                Address.of("a@example.com", "Lee, Ann \"AL\""), Address.of("a@example.com", "Zoë"))) {
            assertEquals(a, Address.parse(a.toString()), a.toString());
        }
        assertEquals("\"Doe, J\" <j@example.com>", Address.of("j@example.com", "Doe, J").toString());
        assertEquals("Ann Lee <a@example.com>", Address.of("a@example.com", "Ann Lee").toString());
        assertEquals("Ann Lee <a@example.com>", Address.of("a@example.com", "Ann\r\nLee").toString());
    }

    private static int indexOfControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f && c <= 0x9f || c == '\u2028' || c == '\u2029') {
                return i;
            }
        }
        return -1;
    }

    @Test
    void textThatWouldReadAsANameBeforeAnotherAddressIsRefused() {
        // Data (a pattern's MDC value, a command-line argument) must not pick the mailbox through a line break.
        assertThrows(IllegalArgumentException.class, () -> Address.parse("a@example.com\r\nRCPT TO:<x@evil.example>"));
        assertThrows(IllegalArgumentException.class, () -> Address.parse("a@example.com <x@evil.example>"));
        assertThrows(IllegalArgumentException.class, () -> Address.parse("ops\u2028<x@evil.example>"));
        assertThrows(IllegalArgumentException.class, () -> Address.parseList("ops@example.com\n, x@evil.example"));
        assertEquals("x@evil.example", Address.parse("\"a@example.com\" <x@evil.example>").email(),
                "a quoted name may hold anything printable");
        assertEquals("J. R. Doe", Address.parse("J. R. Doe <j@example.com>").displayName());
    }
}
