package io.github.mailback.redact;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which key names are sensitive. A key is split into words (camelCase, snake_case, kebab-case, dots,
 * digits) and read from its end: after dropping trailing qualifiers (digits, {@code confirm},
 * {@code new}, {@code old}, {@code value}...), its last word, or its last two, must be a term of a rule.
 * A long term may also end a word written without separators ({@code PGPASSWORD}, {@code JSESSIONID},
 * {@code accesstoken}). So {@code userPassword} and {@code db_pwd} are sensitive, and
 * {@code passwordPolicy}, {@code tokenCount}, {@code author}, {@code spin} and {@code keyboard} are
 * not: their last word is no term. Substrings are never enough, the mistake that made Sentry's
 * scrubber take {@code Accept} for {@code cc}.
 */
final class KeyNames {
    /**
     * The terms by rule: words joined by {@code _}; {@code +} lets the term end a longer word, {@code ^}
     * wants a word before it ({@code db_pass}, but not {@code pass}, a verb as often as a noun).
     */
    private static final String TERMS = "authorization:authorization"
            + "|cookie:cookie+"
            + "|password:password+ passwd+ pwd passphrase+ passcode+ ^pass"
            + "|secret:secret+ secret_key secretkey+ private_key privatekey+ signing_key encryption_key master_key"
            + "|token:token+"
            + "|api-key:api_key apikey+ access_key accesskey+ subscription_key"
            + "|credentials:credentials+ credential creds auth"
            + "|session-id:session_id sessionid+ sessid+"
            + "|otp:otp otp_code totp hotp"
            + "|pin:pin pin_code pincode"
            + "|cvv:cvv cvc";
    /** Trailing words that leave the meaning of a key as it was: {@code password_confirmation}, {@code tokenValue}. */
    private static final Set<String> QUALIFIERS = Set.of("confirm", "confirmation", "repeat", "again", "new", "old",
            "current", "value", "plain", "raw");
    /** Room for the words of the longest key read ({@link KeyValues#MAX_KEY} characters). */
    static final int MAX_WORDS = 64;

    /** A term: its last word, the word before it (or null), and its flags. */
    private static final class Term {
        final Rule rule;
        final String first;
        final String last;
        final boolean fused;
        final boolean qualified;

        Term(Rule rule, String first, String last, boolean fused, boolean qualified) {
            this.rule = rule;
            this.first = first;
            this.last = last;
            this.fused = fused;
            this.qualified = qualified;
        }
    }

    /** The terms by the last letter of their last word. */
    private final Term[][] byLastLetter = new Term[26][];
    /** The custom keys, each as its lower-case words. */
    private final String[][] custom;

    KeyNames(Set<Rule> enabled, List<String> customKeys) {
        List<List<Term>> lists = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            lists.add(new ArrayList<>());
        }
        for (String group : TERMS.split("\\|")) {
            int colon = group.indexOf(':');
            Rule rule = Rule.byId(group.substring(0, colon));
            if (!enabled.contains(rule)) {
                continue;
            }
            for (String spec : group.substring(colon + 1).split(" ")) {
                boolean fused = spec.endsWith("+");
                boolean qualified = spec.startsWith("^");
                String words = spec.substring(qualified ? 1 : 0, spec.length() - (fused ? 1 : 0));
                int us = words.indexOf('_');
                Term term = new Term(rule, us < 0 ? null : words.substring(0, us), words.substring(us + 1), fused,
                        qualified);
                lists.get(term.last.charAt(term.last.length() - 1) - 'a').add(term);
            }
        }
        for (int i = 0; i < 26; i++) {
            byLastLetter[i] = lists.get(i).toArray(new Term[0]);
        }
        custom = new String[customKeys.size()][];
        for (int k = 0; k < custom.length; k++) {
            custom[k] = words(customKeys.get(k));
        }
    }

    /** The lower-case words of a key; none when it has no letter or digit. */
    static String[] words(String key) {
        int[] bounds = new int[2 * MAX_WORDS];
        int n = split(key, 0, Math.min(key.length(), 2 * MAX_WORDS), bounds);
        String[] words = new String[n];
        for (int w = 0; w < n; w++) {
            words[w] = key.substring(bounds[2 * w], bounds[2 * w + 1]).toLowerCase(Locale.ROOT);
        }
        return words;
    }

    /** The rule of a sensitive key, or null. */
    Rule classify(String key) {
        return classify(key, Math.max(0, key.length() - KeyValues.MAX_KEY), key.length());
    }

    /**
     * The rule of the key {@code s[start, end)} when it is sensitive, or null. The words are read
     * backwards from the end, as far as needed, without splitting the whole key: most keys before a
     * {@code :} are an exception's class name or a time, rejected on their last word.
     */
    Rule classify(String s, int start, int end) {
        return classify(s, start, end, false);
    }

    /**
     * As {@link #classify(String, int, int)}; {@code strict}, the last word must be a term itself: no
     * term ending a fused word, no trailing qualifier or digits dropped.
     */
    Rule classify(String s, int start, int end, boolean strict) {
        int e = end;
        while (e > start && !Character.isLetterOrDigit(s.charAt(e - 1))) {
            e--;
        }
        if (e == start) {
            return null;
        }
        int ws = wordStart(s, start, e);
        while (!strict && (Character.isDigit(s.charAt(ws)) || isQualifier(s, ws, e))) {
            e = previousWordEnd(s, start, ws);
            if (e == start) {
                return null;
            }
            ws = wordStart(s, start, e);
        }
        int previousEnd = previousWordEnd(s, start, ws);
        char last = (char) (s.charAt(e - 1) | 0x20);
        if (Chars.isLower(last)) {
            for (Term t : byLastLetter[last - 'a']) {
                if (t.first == null) {
                    if (equalsWord(s, ws, e, t.last)) {
                        if (!t.qualified || previousEnd > start) {
                            return t.rule;
                        }
                    } else if (!strict && t.fused && e - ws > t.last.length()
                            && s.regionMatches(true, e - t.last.length(), t.last, 0, t.last.length())) {
                        return t.rule;
                    }
                } else if (previousEnd > start && equalsWord(s, ws, e, t.last)
                        && equalsWord(s, wordStart(s, start, previousEnd), previousEnd, t.first)) {
                    return t.rule;
                }
            }
        }
        for (String[] words : custom) {
            if (endsWith(s, start, ws, e, words)) {
                return Rule.CUSTOM_KEY;
            }
        }
        return null;
    }

    /** True when the key's words, the last being {@code s[ws, e)}, end with {@code words}. */
    private static boolean endsWith(String s, int start, int ws, int e, String[] words) {
        for (int k = words.length - 1; k >= 0; k--) {
            if (!equalsWord(s, ws, e, words[k])) {
                return false;
            }
            if (k > 0) {
                e = previousWordEnd(s, start, ws);
                if (e == start) {
                    return false;
                }
                ws = wordStart(s, start, e);
            }
        }
        return true;
    }

    /**
     * The start of the word that ends at {@code e} (its last character is {@code s[e - 1]}, a letter or
     * digit), by the boundaries of {@link #split}.
     */
    private static int wordStart(String s, int start, int e) {
        int ws = e - 1;
        while (ws > start) {
            char p = s.charAt(ws - 1);
            char c = s.charAt(ws);
            if (!Character.isLetterOrDigit(p) || Character.isDigit(p) != Character.isDigit(c)
                    || Character.isLowerCase(p) && Character.isUpperCase(c)
                    || Character.isUpperCase(p) && Character.isUpperCase(c) && ws + 1 < e
                    && Character.isLowerCase(s.charAt(ws + 1))) {
                break;
            }
            ws--;
        }
        return ws;
    }

    /** The end of the word before the one starting at {@code ws}, or {@code start} when there is none. */
    private static int previousWordEnd(String s, int start, int ws) {
        int e = ws;
        while (e > start && !Character.isLetterOrDigit(s.charAt(e - 1))) {
            e--;
        }
        return e;
    }

    private static boolean equalsWord(String s, int start, int end, String word) {
        return end - start == word.length() && s.regionMatches(true, start, word, 0, word.length());
    }

    private static boolean isQualifier(String s, int start, int end) {
        int length = end - start;
        if (length < 3 || length > 12) {
            return false;
        }
        for (String q : QUALIFIERS) {
            if (equalsWord(s, start, end, q)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Splits {@code s[start, end)} into words, writing their bounds in pairs into {@code bounds}, and
     * returns how many: a word ends at any character that is no letter or digit, between a letter and a
     * digit, between a lower-case and an upper-case letter, and before the last capital of a run followed
     * by a lower-case letter ({@code XMLParser} is XML, Parser). Past the room in {@code bounds}, the
     * earliest words are dropped: a key is read from its end.
     */
    static int split(String s, int start, int end, int[] bounds) {
        int max = bounds.length / 2;
        int n = 0;
        int i = start;
        while (i < end) {
            if (!Character.isLetterOrDigit(s.charAt(i))) {
                i++;
                continue;
            }
            int ws = i++;
            while (i < end) {
                char p = s.charAt(i - 1);
                char c = s.charAt(i);
                if (!Character.isLetterOrDigit(c) || Character.isDigit(p) != Character.isDigit(c)) {
                    break;
                }
                if (Character.isLowerCase(p) && Character.isUpperCase(c)) {
                    break;
                }
                if (Character.isUpperCase(p) && Character.isUpperCase(c) && i + 1 < end
                        && Character.isLowerCase(s.charAt(i + 1))) {
                    break;
                }
                i++;
            }
            if (n == max) {
                System.arraycopy(bounds, 2, bounds, 0, bounds.length - 2);
                n--;
            }
            bounds[2 * n] = ws;
            bounds[2 * n + 1] = i;
            n++;
        }
        return n;
    }
}
