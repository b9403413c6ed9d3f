package io.github.mailback.report;

import java.util.Locale;

/** Counted nouns in English, as every line of an email writes them: {@code 1 event}, {@code 5,000 events}. */
public final class Words {
    private Words() {
    }

    /** The number, grouped by thousands, and the noun, plural unless the number is 1. */
    public static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d ", n) + plural(n, noun);
    }

    /** The noun, plural unless {@code n} is 1: {@code event}, {@code events}. */
    public static String plural(long n, String noun) {
        return n == 1 ? noun : noun + "s";
    }
}
