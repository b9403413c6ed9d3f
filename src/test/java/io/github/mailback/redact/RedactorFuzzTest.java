package io.github.mailback.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever the text, redaction finishes far within its budget (the built-in rules are linear, so a
 * budget that a few kilobytes never come near is only reached by a rule that is not), never fails, and
 * redacting its output again changes nothing. HTML keeps every tag, and plain text gains one marker per
 * value counted. The first byte of each input picks the entry point: 0 and 1 plain text, 2 HTML, 3 a
 * key and its value separated by the octet 0xFF. The committed inputs under
 * {@code RedactorFuzzTestInputs} are key-value forms, URLs, numbers, PEM and JWT shapes, HTML, SMTP
 * transcripts, prose and markers.
 */
class RedactorFuzzTest {
    private static final Redactor REDACTOR = Redactor.builder().patterns(List.of("order-(\\d{4,})", "ACME-\\w{8}"))
            .extraKeys(List.of("ssn")).rulesOn(List.of("email", "ip-address")).fieldBudget(Duration.ofSeconds(2))
            .tallyBudget(Duration.ofSeconds(10)).build();
    /** A marker as the redactor reads one: a name of 1 to 40 lower-case letters, digits and dashes. */
    private static final Pattern MARKER = Pattern.compile("\\[redacted:[a-z0-9-]{1,40}\\]");

    @FuzzTest(maxDuration = "60s")
    @Timeout(300) // only a hang: 3,000 inputs (the build's run) take a few seconds
    void redactionIsIdempotentAndWithinBudget(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int mode = input[0] & 3;
        String text = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
        Tally tally = REDACTOR.newTally();
        Tally again = REDACTOR.newTally();
        String once;
        String twice;
        if (mode == 3) {
            int ff = indexOf(input, (byte) 0xff);
            String key = ff < 0 ? "password" : new String(input, 1, ff - 1, StandardCharsets.UTF_8);
            String value = ff < 0 ? text : new String(input, ff + 1, input.length - ff - 1, StandardCharsets.UTF_8);
            once = REDACTOR.redactValue(key, value, tally);
            twice = REDACTOR.redactValue(key, once, again);
        } else if (mode == 2) {
            once = REDACTOR.redactHtml(text, tally);
            twice = REDACTOR.redactHtml(once, again);
            assertEquals(HtmlTags.of(text), HtmlTags.of(once), () -> "markup changed: " + text);
        } else {
            once = REDACTOR.redact(text, tally);
            twice = REDACTOR.redact(once, again);
            assertEquals(markers(text) + tally.total(), markers(once), () -> "markers in " + once + " from " + text);
        }
        assertEquals(0, tally.count(Rule.BUDGET) + tally.count(Rule.ERROR), () -> tally + " for " + text);
        assertEquals(once, twice, () -> "a second redaction changed " + once);
        assertEquals(0, again.total(), again::summary);
    }

    private static int indexOf(byte[] input, byte b) {
        for (int i = 1; i < input.length; i++) {
            if (input[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int markers(String s) {
        int n = 0;
        Matcher m = MARKER.matcher(s);
        while (m.find()) {
            n++;
        }
        return n;
    }
}
