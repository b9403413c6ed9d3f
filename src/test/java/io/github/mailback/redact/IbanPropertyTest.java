package io.github.mailback.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Issue 20, point 7, mod-97 as a property: an IBAN of any registered country, its check digits right,
 * is redacted whole or in fours; the same IBAN with one digit changed is not (ISO 7064 MOD 97-10 catches
 * every single changed character).
 */
class IbanPropertyTest {
    private static final Duration PER_TRY = Duration.ofSeconds(5);
    private static final Redactor REDACTOR = Redactor.standard();

    @Provide
    Arbitrary<String> ibans() {
        List<String> countries = new ArrayList<>();
        for (int k = 0; k < PersonalData.IBAN_LENGTHS.length(); k += 4) {
            countries.add(PersonalData.IBAN_LENGTHS.substring(k, k + 4));
        }
        return Arbitraries.of(countries).flatMap(c -> Arbitraries.strings().withCharRange('0', '9')
                .withCharRange('A', 'Z').ofLength(Integer.parseInt(c.substring(2)) - 4)
                .map(bban -> withCheckDigits(c.substring(0, 2), bban)));
    }

    /** The check digits computed with BigInteger, apart from the code under test: 98 minus the rest. */
    static String withCheckDigits(String country, String bban) {
        StringBuilder digits = new StringBuilder();
        for (char c : (bban + country + "00").toCharArray()) {
            digits.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
        }
        int check = 98 - new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue();
        return country + String.format("%02d", check) + bban;
    }

    @Property(tries = 400)
    void aValidIbanIsRedactedWholeOrInFours(@ForAll("ibans") String iban, @ForAll boolean inFours) {
        // jqwik does not apply the JUnit timeout: each try gets its own.
        assertTimeoutPreemptively(PER_TRY, () -> {
            String line = "refund to " + (inFours ? Fakes.inFours(iban) : iban) + " queued";
            assertEquals("refund to [redacted:iban] queued", REDACTOR.redact(line, REDACTOR.newTally()));
        });
    }

    @Provide
    Arbitrary<String> ibansWithOneDigitChanged() {
        return Combinators.combine(ibans(), Arbitraries.integers().between(2, 33), Arbitraries.integers().between(1, 9))
                .as((iban, position, delta) -> {
                    int p = position % iban.length();
                    while (!Character.isDigit(iban.charAt(p))) {
                        p = (p + 1) % iban.length();
                    }
                    char changed = (char) ('0' + (iban.charAt(p) - '0' + delta) % 10);
                    return iban.substring(0, p) + changed + iban.substring(p + 1);
                });
    }

    @Property(tries = 400)
    void oneChangedDigitIsNoIban(@ForAll("ibansWithOneDigitChanged") String iban, @ForAll boolean inFours) {
        assertTimeoutPreemptively(PER_TRY, () -> {
            String line = "refund to " + (inFours ? Fakes.inFours(iban) : iban) + " queued";
            assertEquals(line, REDACTOR.redact(line, REDACTOR.newTally()));
        });
    }
}
