package io.github.mailback.redact;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the redaction of one email (or of one event) found, counted by rule, and the time it may spend:
 * each field redacted with this tally charges it the time taken, and once the budget is spent every
 * further field goes out as {@code [redacted:budget]} without being looked at. Made by
 * {@link Redactor#newTally()}. Not thread-safe: one sender thread uses it.
 */
public final class Tally {
    private final int[] counts = new int[Rule.values().length];
    private final long budgetNanos;
    private long spentNanos;

    Tally(long budgetNanos) {
        this.budgetNanos = budgetNanos;
    }

    /** How many values {@code rule} redacted. */
    public int count(Rule rule) {
        return counts[rule.ordinal()];
    }

    /** How many values were redacted, all rules together (whole fields as markers included). */
    public int total() {
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        return total;
    }

    /** The counts above zero, in {@link Rule} order. */
    public Map<Rule, Integer> counts() {
        Map<Rule, Integer> map = new EnumMap<>(Rule.class);
        for (Rule rule : Rule.values()) {
            if (counts[rule.ordinal()] > 0) {
                map.put(rule, counts[rule.ordinal()]);
            }
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * The counts as the {@code X-Mailback-Redacted} header's value, in {@link Rule} order, such as
     * {@code jwt=1, password=2}; empty when nothing was redacted.
     */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        for (Rule rule : Rule.values()) {
            int c = counts[rule.ordinal()];
            if (c > 0) {
                sb.append(sb.length() == 0 ? "" : ", ").append(rule.id()).append('=').append(c);
            }
        }
        return sb.toString();
    }

    /** Adds another tally's counts to this one's (an email's events, each redacted with its own). */
    public void add(Tally other) {
        for (int k = 0; k < counts.length; k++) {
            counts[k] += other.counts[k];
        }
    }

    /** The time this tally's fields took, in nanoseconds. */
    public long spentNanos() {
        return spentNanos;
    }

    /** True once the fields have taken the whole budget. */
    public boolean isSpent() {
        return spentNanos >= budgetNanos;
    }

    long remainingNanos() {
        return Math.max(0, budgetNanos - spentNanos);
    }

    void charge(long nanos) {
        spentNanos += Math.max(0, nanos);
    }

    void increment(Rule rule) {
        counts[rule.ordinal()]++;
    }

    @Override
    public String toString() {
        return "Tally{" + summary() + ", spent=" + spentNanos / 1000 + " us of " + budgetNanos / 1000 + " us}";
    }
}
