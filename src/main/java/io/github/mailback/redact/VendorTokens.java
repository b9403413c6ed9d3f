package io.github.mailback.redact;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tokens that announce themselves by a prefix. Each entry is a prefix, which is also its keyword, and
 * a pattern tried only where a word starts with that prefix ({@code lookingAt} from there, over
 * {@link DeadlineText}). The patterns are sequences of bounded character classes, linear by
 * construction. A token must end where a word ends: a longer run of letters is something else.
 */
final class VendorTokens {
    /** A prefix, the rule it belongs to and the pattern tried where a word starts with it. */
    private static final class Entry {
        final Rule rule;
        final String prefix;
        final Pattern pattern;

        Entry(Rule rule, String prefix, Pattern pattern) {
            this.rule = rule;
            this.prefix = prefix;
            this.pattern = pattern;
        }
    }

    /** The entries by the first character of their prefix. */
    private static final Entry[][] BY_FIRST = new Entry[128][];

    static {
        List<Entry> all = new ArrayList<>();
        add(all, Rule.AWS_ACCESS_KEY_ID, "AKIA ASIA ABIA ACCA A3T", "(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}");
        add(all, Rule.GITHUB_TOKEN, "ghp_ gho_ ghu_ ghs_ ghr_", "gh[pousr]_[A-Za-z0-9]{36,251}");
        add(all, Rule.GITHUB_TOKEN, "github_pat_", "github_pat_[A-Za-z0-9_]{22,255}");
        add(all, Rule.GITLAB_TOKEN, "gl", "gl(?:pat|dt|rt|ptt|ft|imt|oas|soat|agent|cbt|ffct)-[A-Za-z0-9_.-]{20,300}");
        add(all, Rule.GITLAB_TOKEN, "GR1348941", "GR1348941[A-Za-z0-9_-]{20,50}");
        add(all, Rule.SLACK_TOKEN, "xox xapp-", "(?:xox[abeoprs]|xapp)-[0-9]{1,20}-[A-Za-z0-9-]{8,250}");
        add(all, Rule.SLACK_TOKEN, "xoxe.", "xoxe\\.xox[bp]-[0-9]-[A-Za-z0-9]{100,250}");
        add(all, Rule.SLACK_WEBHOOK, "hooks.slack.com/",
                "hooks\\.slack\\.com/(?:services|workflows|triggers)/([A-Za-z0-9_/+-]{20,250})");
        add(all, Rule.STRIPE_KEY, "sk_ rk_", "[sr]k_(?:live|test|prod)_[A-Za-z0-9]{10,250}");
        add(all, Rule.STRIPE_KEY, "whsec_", "whsec_[A-Za-z0-9+/=]{20,250}");
        add(all, Rule.GOOGLE_API_KEY, "AIza", "AIza[A-Za-z0-9_-]{35}");
        add(all, Rule.SENDGRID_KEY, "SG.", "SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}");
        add(all, Rule.NPM_TOKEN, "npm_", "npm_[A-Za-z0-9]{36}");
        add(all, Rule.TWILIO_KEY, "SK", "SK[0-9a-fA-F]{32}");
        add(all, Rule.AZURE_STORAGE_KEY, "AccountKey=", "AccountKey=([A-Za-z0-9+/]{20,250}={0,2})");
        add(all, Rule.AZURE_STORAGE_KEY, "SharedAccessKey=", "SharedAccessKey=([A-Za-z0-9+/]{20,250}={0,2})");
        add(all, Rule.AZURE_STORAGE_KEY, "sig=", "sig=((?:[A-Za-z0-9+/]|%2[BbFf]){20,250}(?:=|%3[Dd]){0,2})");
        List<List<Entry>> lists = new ArrayList<>();
        for (int c = 0; c < 128; c++) {
            lists.add(new ArrayList<>());
        }
        for (Entry e : all) {
            lists.get(e.prefix.charAt(0)).add(e);
        }
        for (int c = 0; c < 128; c++) {
            BY_FIRST[c] = lists.get(c).isEmpty() ? null : lists.get(c).toArray(new Entry[0]);
        }
    }

    private VendorTokens() {
    }

    private static void add(List<Entry> all, Rule rule, String prefixes, String regex) {
        Pattern pattern = Pattern.compile(regex);
        for (String prefix : prefixes.split(" ")) {
            all.add(new Entry(rule, prefix, pattern));
        }
    }

    /** At a word starting with {@code c}. Returns where to go on, or -1. */
    static int at(Redaction r, int i, char c) {
        Entry[] entries = c < 128 ? BY_FIRST[c] : null;
        if (entries == null) {
            return -1;
        }
        String s = r.text;
        for (Entry e : entries) {
            if (!s.startsWith(e.prefix, i) || !r.on(e.rule)
                    || e.prefix.equals("sig=") && (i == 0 || s.charAt(i - 1) != '?' && s.charAt(i - 1) != '&')) {
                continue;
            }
            Matcher m = e.pattern.matcher(r.deadline).region(i, r.length);
            if (!m.lookingAt() || m.end() < r.length && Chars.isWord(s.charAt(m.end()))) {
                continue;
            }
            boolean group = m.groupCount() >= 1;
            int start = group ? m.start(1) : i;
            if (!r.markerAt(start)) {
                r.add(start, group ? m.end(1) : m.end(), e.rule);
            }
            return m.end();
        }
        return -1;
    }

    /**
     * At a {@code ~}: an Azure AD client secret, {@code Q~} after three characters and a digit, then 31
     * to 34 more. Returns where to go on.
     */
    static int azureClientSecretAt(Redaction r, int i) {
        String s = r.text;
        int start = i - 5;
        if (start < 0 || s.charAt(i - 1) != 'Q' || !Chars.isDigit(s.charAt(i - 2)) || !r.on(Rule.AZURE_CLIENT_SECRET)
                || start > 0 && isSecretChar(s.charAt(start - 1))) {
            return i + 1;
        }
        for (int k = start; k < start + 3; k++) {
            if (!isSecretChar(s.charAt(k)) || s.charAt(k) == '-') {
                return i + 1;
            }
        }
        int end = i + 1;
        while (end < r.length && end - i <= 35 && isSecretChar(s.charAt(end))) {
            end++;
        }
        int tail = end - i - 1;
        if (tail < 31 || tail > 34 || end < r.length && isSecretChar(s.charAt(end))) {
            return end;
        }
        r.add(start, end, Rule.AZURE_CLIENT_SECRET);
        return end;
    }

    private static boolean isSecretChar(char c) {
        return Chars.isAsciiAlnum(c) || c == '_' || c == '~' || c == '.' || c == '-';
    }
}
