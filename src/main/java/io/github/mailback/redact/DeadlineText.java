package io.github.mailback.redact;

import java.util.function.LongSupplier;

/**
 * The text a pattern runs over, which stops it at a deadline. {@code java.util.regex} cannot be
 * interrupted, and a pattern such as {@code (a+)+$} backtracks for longer than the age of the universe
 * on forty characters; but it reads its input through {@link #charAt}, which looks at the clock every
 * {@value #CHECK_EVERY} reads and throws {@link BudgetExceeded} once the deadline has passed. A look at
 * the clock costs about 20 ns, a read about 1 ns: the check adds a few per cent to a match.
 */
final class DeadlineText implements CharSequence {
    static final int CHECK_EVERY = 1024;

    private final String text;
    private final LongSupplier clock;
    private final long deadline;
    private int reads;

    DeadlineText(String text, LongSupplier clock, long deadline) {
        this.text = text;
        this.clock = clock;
        this.deadline = deadline;
    }

    /** Throws {@link BudgetExceeded} when the deadline has passed. */
    void check() {
        if (clock.getAsLong() - deadline > 0) {
            throw new BudgetExceeded();
        }
    }

    @Override
    public char charAt(int index) {
        if (++reads == CHECK_EVERY) {
            reads = 0;
            check();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.subSequence(start, end);
    }

    @Override
    public String toString() {
        return text;
    }

    /** The deadline passed: the field goes out as {@code [redacted:budget]}. */
    static final class BudgetExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BudgetExceeded() {
            super("redaction ran over its budget", null, false, false);
        }
    }
}
