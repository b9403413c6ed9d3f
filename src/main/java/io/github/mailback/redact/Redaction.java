package io.github.mailback.redact;

import java.util.Arrays;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One redaction of one text: finds what to redact, then writes the text with markers.
 *
 * <p>The built-in rules run in one pass, which is also their keyword prefilter (gitleaks keeps a large
 * rule set cheap the same way): at each character a switch picks the few rules that may start there, by
 * the character (a separator, a {@code <}, a {@code -}) or by the first letter of a word, and the rest of
 * the word is skipped. A clean stack trace is mostly words and dots, so most of it costs a switch and a
 * loop over letters. Then the configured patterns run over the redaction itself, a {@link CharSequence}
 * that stops them at the deadline: {@code java.util.regex} cannot be interrupted, and a pattern such as
 * {@code (a+)+$} backtracks for longer than the age of the universe on forty characters; but it reads
 * its input through {@link #charAt}, which looks at the clock every {@value #CHECK_EVERY_READS} reads
 * and throws {@link BudgetExceeded} once the deadline has passed. A look at the clock costs about 20 ns,
 * a read about 1 ns: the check adds a few per cent to a match.
 *
 * <p>What the rules find are spans; a span never covers a marker that was in the text already (it is
 * cut around it), and spans that overlap are merged, named by the longest (by {@link Rule} order on a
 * tie). So a marker never matches again, and redacting twice changes nothing.
 */
final class Redaction implements CharSequence {
    static final String MARKER_START = "[redacted:";
    /** Steps of the built-in pass (a character, or a word or value passed whole) between two looks at the clock. */
    private static final int CHECK_EVERY_STEPS = 4096;
    /** Reads of a pattern between two looks at the clock. */
    static final int CHECK_EVERY_READS = 1024;

    final Redactor redactor;
    final String text;
    final int length;
    private final LongSupplier clock;
    private final long deadline;
    private int reads;
    /** Found spans: start, end, rule ordinal; made when first needed, as most texts have none. */
    private int[] spans;
    private int count;
    /** The markers already in the text: start, end. */
    private int[] markers = new int[0];
    private int markerCount;

    Redaction(Redactor redactor, String text, LongSupplier clock, long deadline) {
        this.redactor = redactor;
        this.text = text;
        this.length = text.length();
        this.clock = clock;
        this.deadline = deadline;
    }

    /** Throws {@link BudgetExceeded} when the deadline has passed. */
    void checkDeadline() {
        if (clock.getAsLong() - deadline > 0) {
            throw new BudgetExceeded();
        }
    }

    /** The text as a pattern reads it: every {@value #CHECK_EVERY_READS} reads, a look at the clock. */
    @Override
    public char charAt(int index) {
        if (++reads == CHECK_EVERY_READS) {
            reads = 0;
            checkDeadline();
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.subSequence(start, end);
    }

    @Override
    public String toString() {
        return text;
    }

    boolean on(Rule rule) {
        return redactor.isOn(rule);
    }

    /** Records that {@code text[start, end)} is to be redacted by {@code rule}, when the rule is on. */
    void add(int start, int end, Rule rule) {
        if (start >= end || !on(rule)) {
            return;
        }
        if (spans == null) {
            spans = new int[24];
        } else if (count * 3 == spans.length) {
            spans = Arrays.copyOf(spans, spans.length * 2);
        }
        spans[3 * count] = start;
        spans[3 * count + 1] = end;
        spans[3 * count + 2] = rule.ordinal();
        count++;
    }

    /** The rule of the key {@code text[start, end)} when it is sensitive, else null. */
    Rule keyRule(int start, int end) {
        return redactor.keyNames().classify(text, start, end, false);
    }

    /** As {@link #keyRule}, the last word being a term itself ({@code PGPASSWORD}, {@code password2} are not). */
    Rule strictKeyRule(int start, int end) {
        return redactor.keyNames().classify(text, start, end, true);
    }

    /** Finds every span: the built-in rules, then the configured patterns. */
    void find() {
        String s = text;
        int n = length;
        int i = 0;
        int sinceCheck = 0;
        while (i < n) {
            if (++sinceCheck == CHECK_EVERY_STEPS) {
                sinceCheck = 0;
                checkDeadline();
            }
            char c = s.charAt(i);
            int next;
            switch (c) {
                case '=', ':' -> next = KeyValues.atSeparator(this, i);
                case '<' -> next = KeyValues.atElement(this, i);
                case '[' -> next = markerEnd(i);
                case '-' -> next = Tokens.pemAt(this, i);
                case '~' -> next = Tokens.azureClientSecretAt(this, i);
                case '@' -> next = PersonalData.emailAt(this, i);
                default -> next = Chars.isWord(c) && (i == 0 || !Chars.isWord(s.charAt(i - 1))) ? atWord(i, c) : i + 1;
            }
            i = Math.max(next, i + 1);
        }
        for (Pattern p : redactor.patterns()) {
            Matcher m = p.matcher(this);
            while (m.find()) {
                boolean group = m.groupCount() >= 1 && m.start(1) >= 0;
                add(group ? m.start(1) : m.start(), group ? m.end(1) : m.end(), Rule.CUSTOM_PATTERN);
            }
        }
    }

    /**
     * At the start of a word: the rules that a word may start, picked by its first character. Returns
     * where to go on: past the word when none of them took it.
     */
    private int atWord(int i, char c) {
        int next = -1;
        if (Chars.isDigit(c)) {
            next = Tokens.smtpChallengeAt(this, i);
            if (next < 0) {
                next = PersonalData.ipAt(this, i);
            }
            if (next < 0) {
                next = PersonalData.cardAt(this, i);
            }
        } else {
            switch (c) {
                case 'B', 'b' -> next = Tokens.bearerAt(this, i);
                case 'e' -> next = Tokens.jwtAt(this, i);
                case 'j' -> next = Tokens.oraclePasswordAt(this, i);
                case 'A' -> next = Tokens.smtpAuthAt(this, i);
                default -> {
                }
            }
            if (next < 0) {
                next = Tokens.vendorAt(this, i, c);
            }
            if (next < 0 && Chars.isUpper(c)) {
                next = PersonalData.ibanAt(this, i);
            }
            if (next < 0 && Chars.isHex(c)) {
                next = PersonalData.ipv6At(this, i);
            }
        }
        if (next < 0) {
            next = i + 1;
            while (next < length && Chars.isWord(text.charAt(next))) {
                next++;
            }
        }
        return next;
    }

    private void findMarkers() {
        int from = text.indexOf(MARKER_START);
        while (from >= 0) {
            int end = markerEndOrMinus(from);
            if (end > 0) {
                if (2 * markerCount == markers.length) {
                    markers = Arrays.copyOf(markers, Math.max(8, markers.length * 2));
                }
                markers[2 * markerCount] = from;
                markers[2 * markerCount + 1] = end;
                markerCount++;
            }
            from = text.indexOf(MARKER_START, from + 1);
        }
    }

    /** True when a marker starts at {@code i}. */
    boolean markerAt(int i) {
        return text.startsWith(MARKER_START, i) && markerEndOrMinus(i) > 0;
    }

    /** Past the marker at {@code i}, or {@code i + 1}. */
    int markerEnd(int i) {
        int end = text.startsWith(MARKER_START, i) ? markerEndOrMinus(i) : -1;
        return end > 0 ? end : i + 1;
    }

    /** A marker is {@code [redacted:}, a name of 1 to 40 lower-case letters, digits and dashes, and {@code ]}. */
    private int markerEndOrMinus(int i) {
        int k = i + MARKER_START.length();
        int limit = Math.min(length, k + 40);
        int start = k;
        while (k < limit && (Chars.isLower(text.charAt(k)) || Chars.isDigit(text.charAt(k)) || text.charAt(k) == '-')) {
            k++;
        }
        return k > start && k < length && text.charAt(k) == ']' ? k + 1 : -1;
    }

    /**
     * The final spans, sorted, cut around the markers already in the text and merged where they
     * overlap: start, end, rule ordinal, in threes.
     */
    int[] spans() {
        if (count == 0) {
            return new int[0];
        }
        findMarkers();
        int[] cut = markerCount == 0 ? Arrays.copyOf(spans, 3 * count) : cutAroundMarkers();
        int n = cut.length / 3;
        sort(cut, n);
        int[] merged = new int[cut.length];
        int m = 0;
        for (int k = 0; k < n; k++) {
            int start = cut[3 * k];
            int end = cut[3 * k + 1];
            int rule = cut[3 * k + 2];
            if (m > 0 && start < merged[3 * m - 2]) {
                int prevStart = merged[3 * m - 3];
                int prevEnd = merged[3 * m - 2];
                int prevRule = merged[3 * m - 1];
                boolean longer = end - start > prevEnd - prevStart
                        || end - start == prevEnd - prevStart && rule < prevRule;
                merged[3 * m - 2] = Math.max(prevEnd, end);
                merged[3 * m - 1] = longer ? rule : prevRule;
            } else {
                merged[3 * m] = start;
                merged[3 * m + 1] = end;
                merged[3 * m + 2] = rule;
                m++;
            }
        }
        return Arrays.copyOf(merged, 3 * m);
    }

    private int[] cutAroundMarkers() {
        int[] out = new int[3 * count];
        int o = 0;
        for (int k = 0; k < count; k++) {
            int start = spans[3 * k];
            int end = spans[3 * k + 1];
            int rule = spans[3 * k + 2];
            for (int j = 0; j < markerCount && start < end; j++) {
                int ms = markers[2 * j];
                int me = markers[2 * j + 1];
                if (me <= start || ms >= end) {
                    continue;
                }
                if (ms > start) {
                    if (o + 3 > out.length) {
                        out = Arrays.copyOf(out, out.length * 2 + 3);
                    }
                    out[o++] = start;
                    out[o++] = ms;
                    out[o++] = rule;
                }
                start = me;
            }
            if (start < end) {
                if (o + 3 > out.length) {
                    out = Arrays.copyOf(out, out.length * 2 + 3);
                }
                out[o++] = start;
                out[o++] = end;
                out[o++] = rule;
            }
        }
        return Arrays.copyOf(out, o);
    }

    /** Insertion sort by start: the rules add spans mostly in order, so it is close to linear. */
    private static void sort(int[] a, int n) {
        for (int k = 1; k < n; k++) {
            int s = a[3 * k];
            int e = a[3 * k + 1];
            int r = a[3 * k + 2];
            int j = k - 1;
            while (j >= 0 && (a[3 * j] > s || a[3 * j] == s && a[3 * j + 1] < e)) {
                a[3 * j + 3] = a[3 * j];
                a[3 * j + 4] = a[3 * j + 1];
                a[3 * j + 5] = a[3 * j + 2];
                j--;
            }
            a[3 * j + 3] = s;
            a[3 * j + 4] = e;
            a[3 * j + 5] = r;
        }
    }

    /** The text with each span replaced by its rule's marker; each span counted in {@code tally}. */
    static String apply(String text, int[] spans, Tally tally) {
        if (spans.length == 0) {
            return text;
        }
        Rule[] rules = Rule.values();
        StringBuilder sb = new StringBuilder(text.length() + 16 * spans.length / 3);
        int at = 0;
        for (int k = 0; k < spans.length; k += 3) {
            Rule rule = rules[spans[k + 2]];
            sb.append(text, at, spans[k]).append(rule.marker());
            tally.increment(rule);
            at = spans[k + 1];
        }
        return sb.append(text, at, text.length()).toString();
    }

    /** The deadline passed: the field goes out as {@code [redacted:budget]}. */
    static final class BudgetExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BudgetExceeded() {
            super("redaction ran over its budget", null, false, false);
        }
    }
}
