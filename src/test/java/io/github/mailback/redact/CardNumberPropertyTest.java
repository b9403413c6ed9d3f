package io.github.mailback.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * Issue 20, point 7, Luhn as a property: a number whose issuer prefix, length and check digit agree is
 * redacted however it is grouped; the same number with one digit changed is not (the Luhn check
 * catches every single changed digit).
 */
class CardNumberPropertyTest {
    private static final Duration PER_TRY = Duration.ofSeconds(5);
    private static final Redactor REDACTOR = Redactor.standard();

    /** A card: the digits, with its check digit. */
    @Provide
    Arbitrary<String> cards() {
        Arbitrary<Tuple.Tuple2<String, Integer>> issuers = Arbitraries.of(Tuple.of("4", 13), Tuple.of("4", 16),
                Tuple.of("4", 19), Tuple.of("51", 16), Tuple.of("55", 16), Tuple.of("2221", 16), Tuple.of("2720", 16),
                Tuple.of("34", 15), Tuple.of("37", 15), Tuple.of("6011", 16), Tuple.of("65", 19), Tuple.of("644", 16),
                Tuple.of("36", 14), Tuple.of("300", 14), Tuple.of("3528", 16), Tuple.of("3589", 19), Tuple.of("62", 17),
                Tuple.of("2200", 16));
        return issuers.flatMap(i -> Arbitraries.strings().numeric().ofLength(i.get2() - i.get1().length() - 1)
                .map(body -> withCheckDigit(i.get1() + body)));
    }

    static String withCheckDigit(String partial) {
        for (char d = '0'; d <= '9'; d++) {
            if (luhn(partial + d)) {
                return partial + d;
            }
        }
        throw new AssertionError(partial);
    }

    /** Luhn, written again here rather than taken from the code under test. */
    static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            sum += i % 2 == 1 ? (d * 2) / 10 + (d * 2) % 10 : d;
        }
        return sum % 10 == 0;
    }

    /** The digits as cards print them: whole, or in fours (4-6-5 for 15, 4-6-4 for 14) by spaces or dashes. */
    static String format(String digits, int style) {
        if (style == 0) {
            return digits;
        }
        String separator = style == 1 ? " " : "-";
        if (digits.length() == 15 || digits.length() == 14) {
            return Fakes.grouped(digits, separator, 4, 6, digits.length() - 10);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < digits.length(); i += 4) {
            sb.append(i == 0 ? "" : separator).append(digits, i, Math.min(digits.length(), i + 4));
        }
        return sb.toString();
    }

    @Property(tries = 400)
    void aValidCardIsRedactedHoweverItIsGrouped(@ForAll("cards") String card, @ForAll @IntRange(max = 2) int style) {
        // jqwik does not apply the JUnit timeout: each try gets its own.
        assertTimeoutPreemptively(PER_TRY, () -> {
            String line = "card " + format(card, style) + " declined";
            assertEquals("card [redacted:card-number] declined", REDACTOR.redact(line, REDACTOR.newTally()));
        });
    }

    @Provide
    Arbitrary<String> cardsWithOneDigitChanged() {
        return Combinators.combine(cards(), Arbitraries.integers().between(0, 18), Arbitraries.integers().between(1, 9))
                .as((card, position, delta) -> {
                    int p = position % card.length();
                    char changed = (char) ('0' + (card.charAt(p) - '0' + delta) % 10);
                    return card.substring(0, p) + changed + card.substring(p + 1);
                });
    }

    @Property(tries = 400)
    void oneChangedDigitIsNoCard(@ForAll("cardsWithOneDigitChanged") String number, @ForAll @IntRange(max = 2) int style) {
        assertTimeoutPreemptively(PER_TRY, () -> {
            String line = "order " + format(number, style) + " shipped";
            assertEquals(line, REDACTOR.redact(line, REDACTOR.newTally()));
        });
    }
}
