package io.github.mailback.redact;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The credentials known by their own shape, wherever they are: PEM private keys, JSON Web Tokens,
 * vendors' tokens by their prefixes, Azure client secrets, bearer tokens, SMTP AUTH credentials and the
 * passwords of URLs. {@link Redaction} calls each rule's entry point where the rule may start: at a
 * character, or at a word by its first letter.
 */
final class Tokens {
    /** The start of a PEM BEGIN line, and the dashes that end it. */
    private static final String BEGIN = "-----BEGIN ";
    private static final String DASHES = "-----";
    /** The shortest header or payload of a JWT. */
    private static final int MIN_JWT_PART = 13;
    /** The table: prefixes, the rule each belongs to and the pattern tried where a word starts with it. */
    private static final List<String> PREFIXES = new ArrayList<>();
    private static final List<Rule> RULES = new ArrayList<>();
    private static final List<Pattern> PATTERNS = new ArrayList<>();
    /** The first characters of the prefixes: a word that starts with none of them is passed at once. */
    private static final String FIRSTS;
    /** The shortest token after Bearer. */
    private static final int MIN_BEARER = 8;
    /** Longer than any host name with its user information. */
    private static final int MAX_AUTHORITY = 512;

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

    private Tokens() {
    }

    /**
     * The body of a PEM private key ({@code -----BEGIN ... PRIVATE KEY-----}: RSA, EC, DSA, OpenSSH,
     * PKCS#8 plain or encrypted, and PGP's {@code PRIVATE KEY BLOCK}); certificates and public keys stay.
     * The body is the run of base64 and header lines after the BEGIN line, separated by line ends, spaces
     * or the {@code \n} of a JSON string, up to the END line or, for a truncated key, to the first part
     * that is no base64: its words too, when plain words follow a truncated key on the same line.
     *
     * <p>At a {@code -}. Returns where to go on.
     */
    static int pemAt(Redaction r, int i) {
        String s = r.text;
        if (!s.startsWith(BEGIN, i)) {
            return i + 1;
        }
        int n = r.length;
        int k = i + BEGIN.length();
        int labelStart = k;
        while (k < n && k - labelStart < 64 && (Chars.isUpper(s.charAt(k)) || Chars.isDigit(s.charAt(k))
                || s.charAt(k) == ' ' || s.charAt(k) == '#')) {
            k++;
        }
        if (!s.startsWith(DASHES, k)) {
            return k;
        }
        String label = s.substring(labelStart, k);
        int headerEnd = k + DASHES.length();
        if (!label.endsWith("PRIVATE KEY") && !label.endsWith("PRIVATE KEY BLOCK")) {
            return headerEnd;
        }
        int bodyStart = -1;
        int bodyEnd = -1;
        k = headerEnd;
        while (true) {
            while (k < n && (Chars.isSpace(s.charAt(k)) || s.charAt(k) == '\\' && k + 1 < n
                    && "nrt".indexOf(s.charAt(k + 1)) >= 0)) {
                k += s.charAt(k) == '\\' ? 2 : 1;
            }
            if (k >= n || s.startsWith(DASHES, k)) {
                break;
            }
            int e = k;
            while (e < n && isPemBodyChar(s.charAt(e)) && !s.startsWith(DASHES, e)) {
                e++;
            }
            if (e == k) {
                break;
            }
            bodyStart = bodyStart < 0 ? k : bodyStart;
            bodyEnd = e;
            k = e;
        }
        if (bodyStart >= 0 && !r.markerAt(bodyStart)) {
            r.add(bodyStart, bodyEnd, Rule.PEM_PRIVATE_KEY);
        }
        return Math.max(headerEnd, bodyEnd);
    }

    /** Base64, and what the header lines of an encrypted key use ({@code Proc-Type: 4,ENCRYPTED}). */
    private static boolean isPemBodyChar(char c) {
        return Chars.isBase64(c) || c == ':' || c == ',' || c == '-';
    }

    /**
     * JSON Web Tokens (RFC 7519) in their compact form: a header and a payload in base64url that both
     * start as JSON objects ({@code eyJ} is the base64 of <code>{"</code>), each at least 13 characters,
     * and a signature, perhaps empty. A lone base64 JSON object, or one with padding, is no JWT.
     *
     * <p>At a word starting with {@code e}. Returns where to go on, or -1.
     */
    static int jwtAt(Redaction r, int i) {
        String s = r.text;
        if (!s.startsWith("eyJ", i) || i > 0 && Chars.isBase64Url(s.charAt(i - 1))) {
            return -1;
        }
        int header = Chars.base64UrlRun(s, i);
        if (header - i < MIN_JWT_PART || header >= r.length || s.charAt(header) != '.'
                || !s.startsWith("eyJ", header + 1)) {
            return header;
        }
        int payload = Chars.base64UrlRun(s, header + 1);
        if (payload - header - 1 < MIN_JWT_PART || payload >= r.length || s.charAt(payload) != '.') {
            return payload;
        }
        int signature = Chars.base64UrlRun(s, payload + 1);
        r.add(i, signature, Rule.JWT);
        return signature;
    }

    private static void add(Rule rule, String prefixes, String regex) {
        Pattern pattern = Pattern.compile(regex);
        for (String prefix : prefixes.split(" ")) {
            PREFIXES.add(prefix);
            RULES.add(rule);
            PATTERNS.add(pattern);
        }
    }

    /**
     * Tokens that announce themselves by a prefix. Each entry is a prefix, which is also its keyword, and
     * a pattern tried only where a word starts with that prefix ({@code lookingAt} from there, over the
     * {@link Redaction}, which watches the deadline). The patterns are sequences of bounded character
     * classes, linear by construction. A token must end where a word ends: a longer run of letters is
     * something else.
     *
     * <p>At a word starting with {@code c}. Returns where to go on, or -1.
     */
    static int vendorAt(Redaction r, int i, char c) {
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
            Matcher m = PATTERNS.get(k).matcher(r).region(i, r.length);
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

    /**
     * A token after the word {@code Bearer} (RFC 6750) outside an Authorization value: the token68 that
     * follows, when it looks like a credential (8 characters or more, with a digit, a symbol or a capital
     * inside). So {@code Bearer token is missing} and {@code WWW-Authenticate: Bearer realm="api"} stay.
     *
     * <p>At a word starting with {@code B} or {@code b}. Returns where to go on, or -1.
     */
    static int bearerAt(Redaction r, int i) {
        String s = r.text;
        int n = r.length;
        if (!s.regionMatches(true, i, "bearer", 0, 6) || i + 6 >= n || !Chars.isBlank(s.charAt(i + 6))) {
            return -1;
        }
        int start = Chars.skipBlanks(s, i + 6, n);
        int end = start;
        while (end < n && isToken68(s.charAt(end))) {
            end++;
        }
        int padding = end;
        while (end < n && s.charAt(end) == '=') {
            end++;
        }
        // realm="api" and error="invalid_token" are parameters: plain words before the =. A token ends at
        // white space or a closing delimiter; what follows it (a value another rule may redact) decides nothing.
        if (end < n && !Chars.isSpace(s.charAt(end)) && "\"',;)]}>".indexOf(s.charAt(end)) < 0
                || !looksLikeCredential(s, start, padding) || r.markerAt(start)) {
            return start;
        }
        r.add(start, end, Rule.BEARER);
        return end;
    }

    private static boolean isToken68(char c) {
        return Chars.isAsciiAlnum(c) || "-._~+/".indexOf(c) >= 0;
    }

    static boolean looksLikeCredential(String s, int start, int end) {
        if (end - start < MIN_BEARER) {
            return false;
        }
        for (int k = start; k < end; k++) {
            char c = s.charAt(k);
            if (Chars.isDigit(c) || !Chars.isAsciiLetter(c) || k > start && Chars.isUpper(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The credentials in an SMTP transcript (RFC 4954): the initial response of {@code AUTH PLAIN <base64>}
     * (and of LOGIN, XOAUTH2, OAUTHBEARER...), and the client's line after each {@code 334} challenge, a
     * line that is one base64 word (the user name and password of LOGIN, the digest of CRAM-MD5). The
     * challenge itself, {@code 334 VXNlcm5hbWU6} ("Username:"), stays. A transcript's line may start with
     * {@code C:}, {@code S:} or arrows ({@code >>>}, {@code <<<}).
     *
     * <p>At a word starting with {@code A}: {@code AUTH MECHANISM base64}. Returns where to go on, or -1.
     */
    static int smtpAuthAt(Redaction r, int i) {
        String s = r.text;
        int n = r.length;
        if (!s.startsWith("AUTH ", i)) {
            return -1;
        }
        int k = i + 5;
        int mech = k;
        while (k < n && k - mech <= 20 && (Chars.isUpper(s.charAt(k)) || Chars.isDigit(s.charAt(k))
                || s.charAt(k) == '-' || s.charAt(k) == '_')) {
            k++;
        }
        if (k == mech || k >= n || s.charAt(k) != ' ') {
            return k;
        }
        int start = k + 1;
        int end = base64Run(s, start, n);
        // In a transcript the credentials end the line, or punctuation follows them; words after them are
        // prose ("AUTH XOAUTH2 with a token").
        int after = Chars.skipBlanks(s, end, n);
        if (end == start || end < n && !Chars.isSpace(s.charAt(end)) && ":,;)\"'".indexOf(s.charAt(end)) < 0
                || after < n && Character.isLetter(s.charAt(after)) || isMechanismList(s, start, end)
                || end - start == 1 && s.charAt(start) == '=' || isProseWord(s, start, end)) {
            return end;
        }
        r.add(start, end, Rule.SMTP_AUTH);
        return end;
    }

    /** At a word starting with a digit: a {@code 334} reply at the start of a line. Returns where to go on, or -1. */
    static int smtpChallengeAt(Redaction r, int i) {
        String s = r.text;
        int n = r.length;
        if (!s.startsWith("334", i) || i + 3 < n && s.charAt(i + 3) != ' ' && !Chars.isLineEnd(s.charAt(i + 3))
                || !lineStartBefore(s, i)) {
            return -1;
        }
        int lineEnd = Chars.lineEnd(s, i, n);
        int k = lineEnd;
        if (k < n && s.charAt(k) == '\r') {
            k++;
        }
        if (k < n && s.charAt(k) == '\n') {
            k++;
        }
        k = Chars.skipBlanks(s, k, n);
        if (s.startsWith("C:", k)) {
            k += 2;
        } else {
            while (k < n && (s.charAt(k) == '>' || s.charAt(k) == '<')) {
                k++;
            }
        }
        k = Chars.skipBlanks(s, k, n);
        int end = base64Run(s, k, n);
        int after = Chars.skipBlanks(s, end, n);
        if (end > k && (after >= n || Chars.isLineEnd(s.charAt(after))) && !r.markerAt(k) && !isProseWord(s, k, end)) {
            r.add(k, end, Rule.SMTP_AUTH);
        }
        return lineEnd;
    }

    /** True when only blanks, arrows or {@code S:} come before {@code i} on its line. */
    private static boolean lineStartBefore(String s, int i) {
        int k = i - 1;
        while (k >= 0 && (Chars.isBlank(s.charAt(k)) || s.charAt(k) == '>' || s.charAt(k) == '<')) {
            k--;
        }
        if (k >= 1 && s.charAt(k) == ':' && s.charAt(k - 1) == 'S') {
            k -= 2;
            while (k >= 0 && Chars.isBlank(s.charAt(k))) {
                k--;
            }
        }
        return k < 0 || Chars.isLineEnd(s.charAt(k));
    }

    private static int base64Run(String s, int k, int n) {
        while (k < n && Chars.isBase64(s.charAt(k))) {
            k++;
        }
        return k;
    }

    /**
     * A word as prose writes it (lower case, or capitalised): "AUTH PLAIN accepted" is a status, and
     * base64 of credentials never reads so (a NUL or a name's capital shows as a capital inside).
     */
    private static boolean isProseWord(String s, int start, int end) {
        for (int k = start; k < end; k++) {
            char c = s.charAt(k);
            if (!Chars.isLower(c) && !(k == start && Chars.isUpper(c))) {
                return false;
            }
        }
        return true;
    }

    /** An EHLO line's list ({@code AUTH PLAIN LOGIN}), not credentials: a mechanism name. */
    private static boolean isMechanismList(String s, int start, int end) {
        if (end - start > 20) {
            return false;
        }
        for (int k = start; k < end; k++) {
            if (!Chars.isUpper(s.charAt(k)) && !Chars.isDigit(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The password of a URL's user information ({@code scheme://user:password@host}, RFC 3986 section
     * 3.2.1), whatever the scheme: {@code jdbc:postgresql://}, {@code mongodb+srv://}, {@code redis://:pw@}
     * (no user), {@code amqp://}. The user and the host stay. The authority runs from {@code //} to the first
     * {@code / ? #}, white space or quote; a password with an unescaped {@code @} is still taken whole, to
     * the last {@code @}. Also Oracle's {@code jdbc:oracle:thin:user/password@host}.
     *
     * <p>At the {@code :} of {@code ://}. Returns where to go on: the user information is read on too.
     */
    static int urlPasswordAt(Redaction r, int colon) {
        String s = r.text;
        int start = colon + 3;
        int limit = Math.min(r.length, start + MAX_AUTHORITY);
        int at = -1;
        int firstColon = -1;
        for (int k = start; k < limit; k++) {
            char c = s.charAt(k);
            if (Chars.isSpace(c) || "/?#\"'<>\\".indexOf(c) >= 0) {
                break;
            }
            if (c == '@') {
                at = k;
            } else if (c == ':' && firstColon < 0 && at < 0) {
                firstColon = k;
            }
        }
        if (at > 0 && firstColon >= 0) {
            addPassword(r, firstColon + 1, at);
        }
        return start;
    }

    /** At a word starting with {@code j}: {@code jdbc:oracle:DRIVER:user/password@}. */
    static int oraclePasswordAt(Redaction r, int i) {
        String s = r.text;
        if (!s.startsWith("jdbc:oracle:", i)) {
            return -1;
        }
        int n = r.length;
        int k = i + 12;
        while (k < n && Chars.isAsciiAlnum(s.charAt(k))) {
            k++;
        }
        if (k >= n || s.charAt(k) != ':') {
            return k;
        }
        int limit = Math.min(n, k + MAX_AUTHORITY);
        int slash = -1;
        for (int j = k + 1; j < limit; j++) {
            char c = s.charAt(j);
            if (Chars.isSpace(c) || c == '@' || c == '"') {
                break;
            }
            if (c == '/') {
                slash = j;
                break;
            }
        }
        if (slash < 0) {
            return k + 1;
        }
        int ps = slash + 1;
        int pe;
        if (ps < n && s.charAt(ps) == '"') {
            pe = s.indexOf('"', ps + 1);
            if (pe < 0 || pe + 1 >= n || s.charAt(pe + 1) != '@') {
                return ps;
            }
            addPassword(r, ps + 1, pe);
            return pe + 1;
        }
        pe = ps;
        while (pe < limit && s.charAt(pe) != '@' && !Chars.isSpace(s.charAt(pe))) {
            pe++;
        }
        if (pe < n && s.charAt(pe) == '@') {
            addPassword(r, ps, pe);
        }
        return pe;
    }

    private static void addPassword(Redaction r, int start, int end) {
        if (start < end && !r.markerAt(start) && !KeyValues.notASecret(r.text, start, end)) {
            r.add(start, end, Rule.URL_PASSWORD);
        }
    }
}
