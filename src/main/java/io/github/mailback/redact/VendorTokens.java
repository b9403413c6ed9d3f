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
    /** The table: prefixes, the rule each belongs to and the pattern tried where a word starts with it. */
    private static final List<String> PREFIXES = new ArrayList<>();
    private static final List<Rule> RULES = new ArrayList<>();
    private static final List<Pattern> PATTERNS = new ArrayList<>();
    /** The first characters of the prefixes: a word that starts with none of them is passed at once. */
    private static final String FIRSTS;

    static {
        add(Rule.AWS_ACCESS_KEY_ID, "AKIA ASIA ABIA ACCA A3T", "(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}");
        add(Rule.GITHUB_TOKEN, "ghp_ gho_ ghu_ ghs_ ghr_", "gh[pousr]_[A-Za-z0-9]{36,251}");
        add(Rule.GITHUB_TOKEN, "github_pat_", "github_pat_[A-Za-z0-9_]{22,255}");
        add(Rule.GITLAB_TOKEN, "gl", "gl(?:pat|dt|rt|ptt|ft|imt|oas|soat|agent|cbt|ffct)-[A-Za-z0-9_.-]{20,300}");
        add(Rule.GITLAB_TOKEN, "GR1348941", "GR1348941[A-Za-z0-9_-]{20,50}");
        add(Rule.SLACK_TOKEN, "xox xapp-", "(?:xox[abeoprs]|xapp)-[0-9]{1,20}-[A-Za-z0-9-]{8,250}");
        add(Rule.SLACK_TOKEN, "xoxe.", "xoxe\\.xox[bp]-[0-9]-[A-Za-z0-9]{100,250}");
        add(Rule.SLACK_WEBHOOK, "hooks.slack.com/",
                "hooks\\.slack\\.com/(?:services|workflows|triggers)/([A-Za-z0-9_/+-]{20,250})");
        add(Rule.STRIPE_KEY, "sk_ rk_", "[sr]k_(?:live|test|prod)_[A-Za-z0-9]{10,250}");
        add(Rule.STRIPE_KEY, "whsec_", "whsec_[A-Za-z0-9+/=]{20,250}");
        add(Rule.GOOGLE_API_KEY, "AIza", "AIza[A-Za-z0-9_-]{35}");
        add(Rule.SENDGRID_KEY, "SG.", "SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}");
        add(Rule.NPM_TOKEN, "npm_", "npm_[A-Za-z0-9]{36}");
        add(Rule.TWILIO_KEY, "SK", "SK[0-9a-fA-F]{32}");
        add(Rule.AZURE_STORAGE_KEY, "AccountKey=", "AccountKey=([A-Za-z0-9+/]{20,250}={0,2})");
        add(Rule.AZURE_STORAGE_KEY, "SharedAccessKey=", "SharedAccessKey=([A-Za-z0-9+/]{20,250}={0,2})");
        add(Rule.AZURE_STORAGE_KEY, "sig=", "sig=((?:[A-Za-z0-9+/]|%2[BbFf]){20,250}(?:=|%3[Dd]){0,2})");
        StringBuilder firsts = new StringBuilder();
        for (String prefix : PREFIXES) {
            firsts.append(prefix.charAt(0));
        }
        FIRSTS = firsts.toString();
    }

    private VendorTokens() {
    }

    private static void add(Rule rule, String prefixes, String regex) {
        Pattern pattern = Pattern.compile(regex);
        for (String prefix : prefixes.split(" ")) {
            PREFIXES.add(prefix);
            RULES.add(rule);
            PATTERNS.add(pattern);
        }
    }

    /** At a word starting with {@code c}. Returns where to go on, or -1. */
    static int at(Redaction r, int i, char c) {
        if (FIRSTS.indexOf(c) < 0) {
            return -1;
        }
        String s = r.text;
        for (int k = 0; k < PREFIXES.size(); k++) {
            String prefix = PREFIXES.get(k);
            Rule rule = RULES.get(k);
            if (prefix.charAt(0) != c || !s.startsWith(prefix, i) || !r.on(rule)
                    || prefix.equals("sig=") && (i == 0 || s.charAt(i - 1) != '?' && s.charAt(i - 1) != '&')) {
                continue;
            }
            Matcher m = PATTERNS.get(k).matcher(r.deadline).region(i, r.length);
            if (!m.lookingAt() || m.end() < r.length && Chars.isWord(s.charAt(m.end()))) {
                continue;
            }
            boolean group = m.groupCount() >= 1;
            int start = group ? m.start(1) : i;
            if (!r.markerAt(start)) {
                r.add(start, group ? m.end(1) : m.end(), rule);
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
