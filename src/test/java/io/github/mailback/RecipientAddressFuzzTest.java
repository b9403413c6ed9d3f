package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.mailback.config.RecipientPatterns;
import io.github.mailback.internal.ControlCharacters;
import io.github.mailback.mime.Address;
import io.github.mailback.smtp.Mailbox;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever the text, address parsing gives addresses that pass the mailbox check, print without a
 * control character and parse back to themselves, or fails with an {@link IllegalArgumentException}
 * that says why; and an MDC value in a {@code to} pattern can spoil its own recipient, never add one.
 * The committed inputs under {@code RecipientAddressFuzzTestInputs} (an address list, then an MDC
 * value, separated by the octet 0xFF) are real and hostile addresses.
 */
class RecipientAddressFuzzTest {
    private static final LoggerContext CONTEXT = new LoggerContext();
    private static final RecipientPatterns PATTERNS = new RecipientPatterns(
            List.of("%X{team}, ops@example.com", "%X{team}@alerts.example.com"), CONTEXT);

    @FuzzTest(maxDuration = "60s")
    @Timeout(300) // only a hang: 3,000 inputs (the build's run) take up to 30 s on an idle 2-core machine
    void addressesAreValidOrRefusedAndDataAddsNoRecipient(byte[] input) {
        String[] texts = texts(input);
        try {
            for (Address a : Address.parseList(texts[0])) {
                checkAddress(a);
            }
        } catch (IllegalArgumentException e) {
            assertNotNull(e.getMessage());
        }
        try {
            checkAddress(Address.parse(texts[0]));
        } catch (IllegalArgumentException e) {
            assertNotNull(e.getMessage());
        }

        LoggingEvent event = new LoggingEvent(getClass().getName(), CONTEXT.getLogger("com.example.App"), Level.ERROR,
                "boom", null, null);
        event.setMDCPropertyMap(Map.of("team", texts[1]));
        List<String> to = PATTERNS.apply(event);
        assertTrue(to.size() <= 3 && to.contains("ops@example.com"), () -> to.toString());
        for (String recipient : to) {
            // A full address in the data ("Ops <ops@example.com>") is allowed; it is one address, printed as parsed.
            Address a = Address.parse(recipient);
            assertEquals(recipient, a.toString());
            checkAddress(a);
        }
    }

    private static void checkAddress(Address a) {
        Mailbox.check(a.email());
        String printed = a.toString();
        assertTrue(printed.chars().noneMatch(c -> ControlCharacters.isControl((char) c) && c != '\t'), printed);
        assertEquals(a, Address.parse(printed), () -> "does not parse back: " + printed);
    }

    /** The input as two UTF-8 texts separated by the octet 0xFF, which UTF-8 never uses. */
    private static String[] texts(byte[] input) {
        int cut = 0;
        while (cut < input.length && input[cut] != (byte) 0xff) {
            cut++;
        }
        return new String[] {new String(input, 0, cut, StandardCharsets.UTF_8),
                cut < input.length ? new String(input, cut + 1, input.length - cut - 1, StandardCharsets.UTF_8) : ""};
    }
}
