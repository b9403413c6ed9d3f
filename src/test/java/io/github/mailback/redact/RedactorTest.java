package io.github.mailback.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The redactor's configuration (issue 20, point 4), its key-aware form and its tally. */
@Timeout(10)
class RedactorTest {
    private static final Redactor STANDARD = Redactor.standard();

    private static String redact(Redactor r, String text) {
        return r.redact(text, r.newTally());
    }

    @Test
    void aPatternThatDoesNotCompileIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Redactor.builder().patterns(List.of("order-(\\d+")).build());
        assertTrue(e.getMessage().startsWith("redactPattern 'order-(\\d+' does not compile: Unclosed group"),
                e.getMessage());
    }

    @Test
    void anUnknownRuleIsRefusedWithTheValidNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Redactor.builder().rulesOff(List.of("passwords")).build());
        assertTrue(e.getMessage().startsWith("redactRulesOff: unknown rule 'passwords'; the rules are pem-private-key, jwt,"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("card-number, iban"), e.getMessage());
        IllegalArgumentException optIn = assertThrows(IllegalArgumentException.class,
                () -> Redactor.builder().rulesOn(List.of("jwt")).build());
        assertEquals("unknown opt-in rule 'jwt'; the opt-in rules are email, ip-address", optIn.getMessage());
    }

    @Test
    void everyMistakeIsReportedAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Redactor.builder()
                .rulesOff(List.of("budget")).patterns(List.of("[")).extraKeys(List.of("--")).build());
        assertEquals(3, e.getMessage().split("; (?=redact)").length, e.getMessage());
    }

    @Test
    void aRuleTurnedOffLeavesItsTextAndTheNextRuleTakesOver() {
        Redactor r = Redactor.builder().rulesOff(List.of("password", " Authorization ")).build();
        assertEquals("password=hunter2x", redact(r, "password=hunter2x"));
        assertEquals("Authorization: Bearer [redacted:bearer]", redact(r, "Authorization: Bearer abcdef123456"));
        assertEquals("Authorization: Bearer [redacted:authorization]", redact(STANDARD, "Authorization: Bearer abcdef123456"));
    }

    @Test
    void emailAndIpAddressesAreOptIn() {
        String line = "alice@example.com from 10.0.0.7 and fe80::1";
        assertEquals(line, redact(STANDARD, line));
        Redactor r = Redactor.builder().rulesOn(List.of("email", "ip-address")).build();
        assertEquals("[redacted:email] from [redacted:ip-address] and [redacted:ip-address]", redact(r, line));
    }

    @Test
    void extraKeysAreComparedWordByWord() {
        Redactor r = Redactor.builder().extraKeys(List.of("ssn", " ", "dateOfBirth")).build();
        assertEquals("customer_ssn=[redacted:custom-key] ssnCount=2 date_of_birth=[redacted:custom-key]",
                redact(r, "customer_ssn=123-45-6789 ssnCount=2 date_of_birth=1990-01-01"));
    }

    @Test
    void aPatternRedactsItsFirstGroupOrItsMatch() {
        Redactor r = Redactor.builder().patterns(List.of("order-(\\d+)", "ACME-[A-Z0-9]{8}", "(x)?y")).build();
        assertEquals("order-[redacted:custom-pattern] licence [redacted:custom-pattern] [redacted:custom-pattern]",
                redact(r, "order-12345 licence ACME-AB12CD34 y"));
    }

    @Test
    void aSensitiveKeysValueGoesWhole() {
        Tally t = STANDARD.newTally();
        assertEquals("[redacted:password]", STANDARD.redactValue("db.password", "correct horse battery staple", t));
        assertEquals("Bearer [redacted:authorization]", STANDARD.redactValue("Authorization", "Bearer abc.def.ghi", t));
        assertEquals("a=[redacted:cookie]; b=[redacted:cookie]", STANDARD.redactValue("Cookie", "a=1; b=2", t));
        assertEquals("sid=[redacted:cookie]; Path=/", STANDARD.redactValue("Set-Cookie", "sid=1; Path=/", t));
        assertEquals("${DB_PASSWORD}", STANDARD.redactValue("password", "${DB_PASSWORD}", t));
        assertEquals("[redacted:password]", STANDARD.redactValue("password", "[redacted:password]", t));
        assertEquals("GET /a?token=[redacted:token]", STANDARD.redactValue("request", "GET /a?token=abc123", t));
        assertEquals("3", STANDARD.redactValue("tokenCount", "3", t));
        assertEquals("authorization=1, cookie=3, password=1, token=1", t.summary());
        assertNull(STANDARD.redactValue("password", null, t));
        assertEquals("", STANDARD.redactValue("password", "", t));
        assertEquals("[redacted:password]", STANDARD.redactValue("password", "x", t));
    }

    @Test
    void theTallyCountsByRuleInTheTablesOrder() {
        Tally t = STANDARD.newTally();
        STANDARD.redact("password=a1 pwd=b2 Authorization: Basic dXNlcjpwYXNz", t);
        STANDARD.redact("card 4242424242424242", t);
        assertEquals("authorization=1, password=2, card-number=1", t.summary());
        assertEquals(Map.of(Rule.AUTHORIZATION, 1, Rule.PASSWORD, 2, Rule.CARD_NUMBER, 1), t.counts());
        assertEquals(4, t.total());
        Tally email = STANDARD.newTally();
        email.add(t);
        email.add(t);
        assertEquals("authorization=2, password=4, card-number=2", email.summary());
        assertEquals("", STANDARD.newTally().summary());
    }

    @Test
    void nullAndEmptyTextComeBackAsTheyAre() {
        Tally t = STANDARD.newTally();
        assertNull(STANDARD.redact(null, t));
        assertEquals("", STANDARD.redact("", t));
        assertNull(STANDARD.redactHtml(null, t));
        String clean = "nothing to see";
        assertSame(clean, STANDARD.redact(clean, t));
        assertEquals(0, t.total());
    }

    @Test
    void theMarkerKeepsTheKeyAndNamesTheRule() {
        assertEquals("password=[redacted:password]", redact(STANDARD, "password=hunter2x"));
        assertEquals("https://admin:[redacted:url-password]@db", redact(STANDARD, "https://admin:s3cret@db"));
        for (Rule rule : Rule.values()) {
            assertEquals("[redacted:" + rule.id() + "]", rule.marker());
            assertSame(rule, Rule.byId(rule.id()));
            // A marker alone, or after any key, is left as it is.
            assertEquals(rule.marker(), redact(STANDARD, rule.marker()));
            assertEquals("password=" + rule.marker(), redact(STANDARD, "password=" + rule.marker()));
        }
    }

    @Test
    void aSecondPassFindsWhatTheFirstMadeVisible() {
        // Glued to letters, the digits are no card; once the pattern has redacted the letters, they are.
        Redactor r = Redactor.builder().patterns(List.of("xyz")).build();
        Tally t = r.newTally();
        assertEquals("[redacted:card-number][redacted:custom-pattern]", r.redact("4242424242424242xyz", t));
        assertEquals("card-number=1, custom-pattern=1", t.summary());
    }

    @Test
    void aUserPatternNeverRedactsAMarker() {
        Redactor r = Redactor.builder().patterns(List.of("\\w+", "a.*")).build();
        String once = redact(r, "a[redacted:jwt]b password=x");
        assertEquals(once, redact(r, once));
    }
}
