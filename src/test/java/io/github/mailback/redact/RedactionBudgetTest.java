package io.github.mailback.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 20, points 4 and 6: a field that runs over its budget, or whose redaction fails, goes out as a
 * marker, never in clear; a tally whose budget is spent turns every further field into a marker. The
 * clock is the test's: each look at it moves it on, so no test waits. The timeout runs on a thread of
 * its own: were the deadline broken, java.util.regex would not heed an interrupt.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RedactionBudgetTest {
    private static final long MS = 1_000_000L;
    /**
     * A lazy counted repetition of a repetition: Java 9 and later memoise greedy nested loops such as
     * {@code (a+)+$}, but not this one. On 24 a's it takes a second; each 4 more multiply that by 3.4.
     */
    private static final String CATASTROPHIC = "(?:a+){2,}?b";
    private static final String AS = "a".repeat(48);

    /** A clock that moves {@code step} nanoseconds each time it is read, and counts the reads. */
    private static final class SteppingClock implements LongSupplier {
        final AtomicLong now = new AtomicLong();
        final AtomicLong reads = new AtomicLong();
        final long step;

        SteppingClock(long step) {
            this.step = step;
        }

        @Override
        public long getAsLong() {
            reads.incrementAndGet();
            return now.addAndGet(step);
        }
    }

    @Test
    void aCatastrophicPatternEndsAsAMarkerWithinTheFieldBudget() {
        SteppingClock clock = new SteppingClock(MS);
        Redactor r = Redactor.builder().patterns(List.of(CATASTROPHIC)).fieldBudget(Duration.ofMillis(50)).clock(clock)
                .build();
        Tally tally = r.newTally();
        // Hours for java.util.regex, without a deadline.
        assertEquals("[redacted:budget]", r.redact("password=x " + AS, tally));
        assertEquals(1, tally.count(Rule.BUDGET));
        assertEquals(0, tally.count(Rule.PASSWORD), "nothing counted from a field that did not finish");
        // The deadline is seen at the first look at the clock after it: 50 ms, plus one step, plus the final read.
        assertTrue(tally.spentNanos() <= 52 * MS, tally.spentNanos() + " ns");
        assertTrue(clock.reads.get() <= 53, clock.reads + " reads of the clock");
    }

    @Test
    void theBudgetAlsoStopsTheBuiltInRulesOnAHugeField() {
        SteppingClock clock = new SteppingClock(10 * MS);
        Redactor r = Redactor.builder().fieldBudget(Duration.ofMillis(50)).clock(clock).build();
        Tally tally = r.newTally();
        // The built-in pass looks at the clock every 4096 characters.
        assertEquals("[redacted:budget]", r.redact("password=x ".repeat(10_000), tally));
        assertEquals(1, tally.count(Rule.BUDGET));
    }

    @Test
    void aSpentTallyTurnsEveryFurtherFieldIntoAMarkerWithoutLookingAtIt() {
        SteppingClock clock = new SteppingClock(30 * MS);
        Redactor r = Redactor.builder().tallyBudget(Duration.ofMillis(100)).clock(clock).build();
        Tally tally = r.newTally();
        // Each field reads the clock twice, so it takes 30 ms: the fourth one ends the budget.
        for (int i = 0; i < 4; i++) {
            assertEquals("password=[redacted:password]", r.redact("password=x", tally));
        }
        assertTrue(tally.isSpent());
        long reads = clock.reads.get();
        assertEquals("[redacted:budget]", r.redact("nothing secret", tally));
        assertEquals("[redacted:budget]", r.redactValue("user", "alice", tally));
        assertEquals(reads, clock.reads.get());
        assertEquals("password=4, budget=2", tally.summary());
        assertEquals(4, tally.count(Rule.PASSWORD));
    }

    @Test
    void aFieldGetsNoMoreThanWhatIsLeftOfTheTallysBudget() {
        SteppingClock clock = new SteppingClock(MS);
        Redactor r = Redactor.builder().patterns(List.of(CATASTROPHIC)).fieldBudget(Duration.ofSeconds(10))
                .tallyBudget(Duration.ofMillis(20)).clock(clock).build();
        Tally tally = r.newTally();
        assertEquals("[redacted:budget]", r.redact(AS, tally));
        assertTrue(tally.spentNanos() <= 22 * MS, tally.spentNanos() + " ns");
    }

    @Test
    void aFailingPatternEndsAsAnErrorMarker() {
        // java.util.regex recurses for each repetition of a group with alternatives: a long input overflows
        // the stack of the thread.
        Redactor r = Redactor.builder().patterns(List.of("(a|b)*c")).build();
        Tally tally = r.newTally();
        assertEquals("[redacted:error]", r.redact("password=x " + "ab".repeat(200_000), tally));
        assertEquals("error=1", tally.summary());
    }

    @Test
    void htmlOverItsBudgetKeepsItsMarkupAndLosesItsText() {
        SteppingClock clock = new SteppingClock(MS);
        Redactor r = Redactor.builder().patterns(List.of(CATASTROPHIC)).fieldBudget(Duration.ofMillis(5)).clock(clock)
                .build();
        Tally tally = r.newTally();
        String html = "<tr class=\"x\"><td>  </td><td>password=x</td><td>" + AS + "</td></tr>";
        assertEquals("<tr class=\"[redacted:budget]\"><td>  </td><td>[redacted:budget]</td><td>[redacted:budget]</td></tr>",
                r.redactHtml(html, tally));
        assertEquals("budget=1", tally.summary());
    }
}
