package io.github.mailback.redact;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Replaces the secrets in log text by markers that name the rule that found them:
 * {@code password=[redacted:password]}, {@code https://admin:[redacted:url-password]@db}. The rules are
 * listed in {@link Rule} and described, with their known false positives and negatives, in
 * docs/redaction.md. Redacting twice changes nothing: a marker never matches a rule.
 *
 * <p>Each field has a time budget, and so has each {@link Tally}; a field whose redaction runs over its
 * budget, or fails, goes out as {@code [redacted:budget]} or {@code [redacted:error]}, never in clear.
 *
 * <p>Immutable and thread-safe; the work of one call stays in that call.
 */
public final class Redactor {
    /** The time one field may take by default. */
    public static final Duration DEFAULT_FIELD_BUDGET = Duration.ofMillis(50);
    /** The time one tally's fields may take together by default. */
    public static final Duration DEFAULT_TALLY_BUDGET = Duration.ofSeconds(1);
    /** Passes over one field at most; two are the rule (see {@link #guarded}). */
    private static final int MAX_PASSES = 8;

    private final Set<Rule> on;
    private final boolean[] onByOrdinal = new boolean[Rule.values().length];
    private final KeyNames keyNames;
    private final List<Pattern> patterns;
    private final long fieldBudgetNanos;
    private final long tallyBudgetNanos;
    private final LongSupplier clock;

    private Redactor(Builder b, Set<Rule> on, List<Pattern> patterns, List<String> keys) {
        this.on = on;
        for (Rule rule : on) {
            onByOrdinal[rule.ordinal()] = true;
        }
        this.keyNames = new KeyNames(on, keys);
        this.patterns = patterns;
        this.fieldBudgetNanos = b.fieldBudget.toNanos();
        this.tallyBudgetNanos = b.tallyBudget.toNanos();
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A redactor with the built-in rules on, and the default budgets. */
    public static Redactor standard() {
        return builder().build();
    }

    /** The rules that are on, the custom ones included when configured. */
    public Set<Rule> rules() {
        return on;
    }

    /** A tally for one email (or one event) with this redactor's budget. */
    public Tally newTally() {
        return new Tally(tallyBudgetNanos);
    }

    /**
     * Plain text with its secrets replaced by markers: a message, an exception message, a layout's
     * output, a subject, a status message. Null and empty text come back as they are.
     */
    public String redact(String text, Tally tally) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return guarded(text, tally, null, null, false);
    }

    /**
     * A value shown with its key (an MDC entry, an SLF4J key-value pair): the whole value goes when the
     * key is sensitive ({@code Authorization} keeps its scheme, a cookie list its names), else the text
     * rules apply to it.
     */
    public String redactValue(String key, String value, Tally tally) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        Rule rule = key == null ? null : keyNames.classify(key);
        return guarded(value, tally, rule, key, false);
    }

    /**
     * HTML that a layout wrote (Logback's HTMLLayout): the text between the tags and the quoted attribute
     * values are unescaped, redacted and the markers put in their place; the markup is never touched.
     * A tag separates text as a line end does. When the budget runs out, every text goes out as a marker.
     */
    public String redactHtml(String html, Tally tally) {
        if (html == null || html.isEmpty()) {
            return html;
        }
        return guarded(html, tally, null, null, true);
    }

    /**
     * Redacts a field within its budget: plain text, a value under the sensitive key {@code key} (when
     * {@code keyRule} is not null) or HTML. What did not finish goes out as a marker.
     */
    private String guarded(String text, Tally tally, Rule keyRule, String key, boolean html) {
        Objects.requireNonNull(tally, "tally");
        Rule outcome = Rule.BUDGET;
        if (!tally.isSpent()) {
            long start = clock.getAsLong();
            long deadline = start + Math.min(fieldBudgetNanos, tally.remainingNanos());
            try {
                // A pass may find what an earlier one made visible: a rule that looks past a value which
                // another rule (a user's pattern, say) redacted. Passes only turn text into markers, so they
                // end; clean text takes one, text with secrets two. So redacting twice changes nothing, and a
                // field still changing after the last pass goes out as [redacted:error]. What the passes
                // found counts once the field is done: a field that goes out as a marker is that marker alone.
                String current = text;
                Tally found = null;
                for (int pass = 0; pass < MAX_PASSES; pass++) {
                    HtmlView view = html ? new HtmlView(current) : null;
                    String read = html ? view.text() : current;
                    Redaction r = new Redaction(this, read, clock, deadline);
                    if (keyRule != null) {
                        KeyValues.wholeValue(r, keyRule, key);
                    } else {
                        r.find();
                    }
                    int[] spans = r.spans();
                    if (spans.length == 0) {
                        if (found != null) {
                            tally.add(found);
                        }
                        return current;
                    }
                    found = found == null ? new Tally(0) : found;
                    current = html ? view.apply(spans, found) : Redaction.apply(read, spans, found);
                }
                outcome = Rule.ERROR;
            } catch (Redaction.BudgetExceeded e) {
                outcome = Rule.BUDGET;
            } catch (RuntimeException | StackOverflowError e) {
                // A pattern's recursion (java.util.regex recurses on each repetition of a group) or a bug:
                // either way the field must not go out in clear.
                outcome = Rule.ERROR;
            } finally {
                tally.charge(clock.getAsLong() - start);
            }
        }
        tally.increment(outcome);
        if (html) {
            try {
                return new HtmlView(text).replaceAllText(outcome.marker());
            } catch (RuntimeException | StackOverflowError e) {
                // Markup lost rather than text shown.
            }
        }
        return outcome.marker();
    }

    boolean isOn(Rule rule) {
        return onByOrdinal[rule.ordinal()];
    }

    KeyNames keyNames() {
        return keyNames;
    }

    List<Pattern> patterns() {
        return patterns;
    }

    /** Collects the configuration; {@link #build()} checks it whole and reports every mistake at once. */
    public static final class Builder {
        private final List<String> keys = new ArrayList<>();
        private final List<String> patterns = new ArrayList<>();
        private final List<String> off = new ArrayList<>();
        private final List<String> optIn = new ArrayList<>();
        private Duration fieldBudget = DEFAULT_FIELD_BUDGET;
        private Duration tallyBudget = DEFAULT_TALLY_BUDGET;
        private LongSupplier clock = System::nanoTime;

        private Builder() {
        }

        /** Extra sensitive key names ({@code redactKeys}), compared word by word like the built-in ones. */
        public Builder extraKeys(Collection<String> keys) {
            this.keys.addAll(keys);
            return this;
        }

        /**
         * Patterns ({@code redactPattern}, repeatable): each match is redacted, or its first group when
         * the pattern has one and it took part in the match.
         */
        public Builder patterns(Collection<String> patterns) {
            this.patterns.addAll(patterns);
            return this;
        }

        /** Built-in rules turned off by name ({@code redactRulesOff}). */
        public Builder rulesOff(Collection<String> names) {
            this.off.addAll(names);
            return this;
        }

        /** Opt-in rules turned on by name: {@code email}, {@code ip-address}. */
        public Builder rulesOn(Collection<String> names) {
            this.optIn.addAll(names);
            return this;
        }

        /** The time one field may take (default {@link #DEFAULT_FIELD_BUDGET}). */
        public Builder fieldBudget(Duration budget) {
            this.fieldBudget = positive(budget, "fieldBudget");
            return this;
        }

        /** The time one tally's fields may take together (default {@link #DEFAULT_TALLY_BUDGET}). */
        public Builder tallyBudget(Duration budget) {
            this.tallyBudget = positive(budget, "tallyBudget");
            return this;
        }

        /** The clock of the budgets, in nanoseconds ({@code System::nanoTime}); tests drive their own. */
        public Builder clock(LongSupplier nanoTime) {
            this.clock = Objects.requireNonNull(nanoTime, "clock");
            return this;
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }

        /**
         * The redactor. Throws {@link IllegalArgumentException} naming every mistake: a pattern that does
         * not compile, an unknown rule name (with the valid ones), a key without a letter or digit.
         */
        public Redactor build() {
            List<String> problems = new ArrayList<>();
            Set<Rule> on = EnumSet.noneOf(Rule.class);
            for (Rule rule : Rule.values()) {
                if (rule.kind() == Rule.Kind.BUILT_IN) {
                    on.add(rule);
                }
            }
            for (String name : off) {
                Rule rule = Rule.byId(name.trim().toLowerCase(Locale.ROOT));
                if (rule == null || rule.kind() != Rule.Kind.BUILT_IN) {
                    problems.add("redactRulesOff: unknown rule '" + name + "'; the rules are " + names(Rule.Kind.BUILT_IN));
                } else {
                    on.remove(rule);
                }
            }
            for (String name : optIn) {
                Rule rule = Rule.byId(name.trim().toLowerCase(Locale.ROOT));
                if (rule == null || rule.kind() != Rule.Kind.OPT_IN) {
                    problems.add("unknown opt-in rule '" + name + "'; the opt-in rules are " + names(Rule.Kind.OPT_IN));
                } else {
                    on.add(rule);
                }
            }
            List<String> validKeys = new ArrayList<>();
            for (String key : keys) {
                if (key == null || key.isBlank()) {
                    continue;
                }
                if (KeyNames.words(key).length == 0) {
                    problems.add("redactKeys: '" + key + "' has no letter or digit");
                } else {
                    validKeys.add(key.trim());
                }
            }
            List<Pattern> compiled = new ArrayList<>();
            for (String p : patterns) {
                if (p == null || p.isEmpty()) {
                    continue;
                }
                try {
                    compiled.add(Pattern.compile(p));
                } catch (PatternSyntaxException e) {
                    problems.add("redactPattern '" + p + "' does not compile: " + e.getDescription()
                            + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
            if (!validKeys.isEmpty()) {
                on.add(Rule.CUSTOM_KEY);
            }
            if (!compiled.isEmpty()) {
                on.add(Rule.CUSTOM_PATTERN);
            }
            return new Redactor(this, java.util.Collections.unmodifiableSet(on), List.copyOf(compiled), validKeys);
        }

        private static String names(Rule.Kind kind) {
            StringBuilder sb = new StringBuilder();
            for (Rule rule : Rule.values()) {
                if (rule.kind() == kind) {
                    sb.append(sb.length() == 0 ? "" : ", ").append(rule.id());
                }
            }
            return sb.toString();
        }
    }
}
