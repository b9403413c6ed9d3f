package io.github.mailback.redact;

import java.util.Locale;

/**
 * Values under sensitive keys, in the forms Java prints them: {@code key=value} and {@code key: value}
 * (toString of records, Lombok, IDEs and maps, properties, query strings, headers, YAML), JSON and
 * escaped JSON, XML elements and {@code <entry key="password">}, and connection strings (JDBC and
 * ADO.NET, where a value runs to the next {@code ;}).
 *
 * <p>A value is one token: it ends at white space, at {@code " ' < | &}, or at a {@code ,} or {@code ;}
 * followed by a space or by the next key; a closing bracket it did not open is not its own. A quoted
 * value ends at its closing quote. An authentication scheme ({@code Basic}, {@code Bearer},
 * {@code Digest}...) stays and its credentials go.
 *
 * <p>Prose is told from a value by two rules. Words that describe a value are left alone: placeholders
 * ({@code ${DB_PASSWORD}}, {@code <secret>}), masks ({@code ****}) and status words ({@code null},
 * {@code required}, {@code expired}...). And after a separator followed by a space ({@code key: },
 * {@code key = }), a plain word followed by another plain word on the same line is a sentence about
 * the key, not its value: {@code password: must not be blank} stays, {@code password: hunter2 rejected}
 * loses {@code hunter2} (it has a digit), and {@code password: secret rejected} stays, a false
 * negative. Right after {@code =} a word is always a value.
 */
final class KeyValues {
    /** The longest key read back from a separator; longer keys are read from their end. */
    static final int MAX_KEY = 128;
    /** The longest start tag looked at. */
    private static final int MAX_TAG = 512;
    /** Values that say something about a value rather than being one (a list for {@link Chars#isListed}). */
    private static final String STATUS_WORDS = " null nil none empty blank undefined unset unknown required missing"
            + " invalid incorrect wrong expired revoked rejected denied mismatch weak true false hidden masked redacted"
            + " protected filtered omitted n/a ";
    /** Authentication schemes whose credentials are one token (RFC 9110 section 11.4 token68). */
    private static final String TOKEN_SCHEMES = " basic bearer token negotiate ntlm apikey sharedkey sharedkeylite dpop"
            + " gnap privatetoken ";
    /** Authentication schemes whose credentials are parameters, to the end of the line. */
    private static final String PARAM_SCHEMES = " digest oauth hoba mutual vapid hawk aws4-hmac-sha256 scram-sha-1"
            + " scram-sha-256 ";

    private KeyValues() {
    }

    /** At a {@code =} or {@code :}: the value, when the key before it is sensitive. Returns where to go on. */
    static int atSeparator(Redaction r, int sep) {
        String s = r.text;
        int n = r.length;
        char c = s.charAt(sep);
        char next = sep + 1 < n ? s.charAt(sep + 1) : 0;
        if (c == ':') {
            if (next == '/' && sep + 2 < n && s.charAt(sep + 2) == '/') {
                return Tokens.urlPasswordAt(r, sep);
            }
            if (next == ':') {
                int end = PersonalData.ipv6At(r, sep);
                return end >= 0 ? end : sep + 2;
            }
        } else if (next == '=' || next == '>' || next == '~') {
            return sep + 2;
        } else if (sep > 0 && "=!<>".indexOf(s.charAt(sep - 1)) >= 0) {
            return sep + 1;
        }
        int j = sep - 1;
        while (j >= 0 && sep - j <= 4 && Chars.isBlank(s.charAt(j))) {
            j--;
        }
        if (j < 0) {
            return sep + 1;
        }
        int keyStart;
        int keyEnd;
        char q = s.charAt(j);
        if (q == '"' || q == '\'') {
            keyEnd = j > 0 && s.charAt(j - 1) == '\\' ? j - 1 : j;
            int k = keyEnd - 1;
            int limit = Math.max(0, keyEnd - MAX_KEY);
            while (k >= limit && s.charAt(k) != q && !Chars.isLineEnd(s.charAt(k))) {
                k--;
            }
            // A quote found back across a marker belongs to something else: a key never holds a marker.
            if (k < limit || s.charAt(k) != q || s.lastIndexOf(Redaction.MARKER_START, keyEnd) > k) {
                return sep + 1;
            }
            keyStart = k + 1;
        } else {
            if (j < sep - 1 && c == ':') {
                return sep + 1;
            }
            keyEnd = j + 1;
            int k = j;
            int limit = Math.max(0, keyEnd - MAX_KEY);
            while (k >= limit && isKeyChar(s.charAt(k))) {
                k--;
            }
            keyStart = k + 1;
            // The user and password of scheme://user:password@host are the URL rule's.
            if (keyStart == keyEnd || keyStart >= 3 && s.startsWith("://", keyStart - 3)) {
                return sep + 1;
            }
        }
        // An unquoted name:value without a space is as often host:port, package:arch or ns:tag: there the
        // key's last word must be a term itself (password:x, but not libsecret-1-0:amd64 or gir1.2-secret-1:amd64).
        boolean tight = c == ':' && q != '"' && q != '\'' && sep + 1 < n && !Chars.isBlank(s.charAt(sep + 1))
                && s.charAt(sep + 1) != '"' && s.charAt(sep + 1) != '\'';
        Rule rule = tight ? r.strictKeyRule(keyStart, keyEnd) : r.keyRule(keyStart, keyEnd);
        if (rule == null) {
            return sep + 1;
        }
        int before = keyStart - 1;
        while (before >= 0 && Chars.isBlank(s.charAt(before))) {
            before--;
        }
        boolean connectionString = before >= 0 && s.charAt(before) == ';';
        return value(r, rule, sep + 1, connectionString, rule == Rule.COOKIE && isSetCookie(s, keyStart, keyEnd));
    }

    private static boolean isKeyChar(char c) {
        return Chars.isAsciiAlnum(c) || c == '_' || c == '-' || c == '.' || c > 0x7f && Character.isLetterOrDigit(c);
    }

    private static boolean isSetCookie(String s, int start, int end) {
        String key = s.substring(start, end).toLowerCase(Locale.ROOT);
        int at = key.lastIndexOf("cookie");
        int k = at;
        while (k > 0 && !Character.isLetterOrDigit(key.charAt(k - 1))) {
            k--;
        }
        return key.startsWith("set", k - 3);
    }

    /** The value after a sensitive key's separator at {@code from - 1}. Returns where to go on. */
    private static int value(Redaction r, Rule rule, int from, boolean connectionString, boolean setCookie) {
        String s = r.text;
        int n = r.length;
        int v = Chars.skipBlanks(s, from, n);
        boolean spaced = v > from;
        if (v >= n || Chars.isLineEnd(s.charAt(v))) {
            return v;
        }
        if (r.markerAt(v)) {
            return r.markerEnd(v);
        }
        char c = s.charAt(v);
        boolean escapedQuote = c == '\\' && v + 1 < n && s.charAt(v + 1) == '"';
        if (c == '"' || c == '\'' || escapedQuote) {
            int open = escapedQuote ? v + 2 : v + 1;
            int close = closingQuote(s, open, n, escapedQuote ? '"' : c, escapedQuote);
            quoted(r, rule, open, close, setCookie);
            if (close >= n || Chars.isLineEnd(s.charAt(close))) {
                return close;
            }
            return escapedQuote ? close + 2 : close + 1;
        }
        if (c == '{' || c == '[') {
            // An object or a list: the keys inside are read in turn.
            return v;
        }
        if (rule == Rule.COOKIE) {
            return cookies(r, v, Chars.lineEnd(s, v, n), setCookie, spaced);
        }
        int end = tokenEnd(s, v, n, connectionString);
        int scheme = scheme(s, v, end);
        if (scheme != 0) {
            int cred = Chars.skipBlanks(s, end, n);
            if (cred > end && cred < n && !Chars.isLineEnd(s.charAt(cred))) {
                if (r.markerAt(cred)) {
                    return r.markerEnd(cred);
                }
                if (scheme == 2 && rule == Rule.AUTHORIZATION) {
                    int lineEnd = trimBlanks(s, cred, Chars.lineEnd(s, cred, n));
                    r.add(cred, lineEnd, rule);
                    return lineEnd;
                }
                int credEnd = tokenEnd(s, cred, n, false);
                // After Authorization: a scheme's credentials, unless a sentence goes on. After another key
                // a scheme's name may be a plain word ("token: token endpoint"): its credentials must look
                // like one.
                if (rule == Rule.AUTHORIZATION ? !isProse(s, cred, credEnd, n)
                        : Tokens.looksLikeCredential(s, cred, credEnd)) {
                    if (!notASecret(s, cred, credEnd)) {
                        r.add(cred, credEnd, rule);
                    }
                    return credEnd;
                }
                if (rule == Rule.AUTHORIZATION) {
                    return credEnd;
                }
            }
        }
        if (!notASecret(s, v, end) && !(spaced && isProse(s, v, end, n))) {
            r.add(v, end, rule);
        }
        return end;
    }

    /** A value given with its key (an MDC entry): the whole of it is the value, as if quoted. */
    static void wholeValue(Redaction r, Rule rule, String key) {
        quoted(r, rule, 0, r.length, rule == Rule.COOKIE && isSetCookie(key, 0, key.length()));
    }

    /** A quoted value {@code text[open, close)}: the whole of it is the value. */
    private static void quoted(Redaction r, Rule rule, int open, int close, boolean setCookie) {
        String s = r.text;
        int a = skipSpaces(s, open, close);
        int b = trimBlanks(s, a, close);
        if (a >= b || r.markerAt(a)) {
            return;
        }
        if (rule == Rule.COOKIE) {
            cookies(r, a, b, setCookie, false);
            return;
        }
        int first = a;
        while (first < b && !Chars.isSpace(s.charAt(first))) {
            first++;
        }
        if (scheme(s, a, first) != 0) {
            int cred = skipSpaces(s, first, b);
            if (cred < b) {
                if (!r.markerAt(cred) && !notASecret(s, cred, b)) {
                    r.add(cred, b, rule);
                }
                return;
            }
        }
        if (!notASecret(s, a, b)) {
            r.add(a, b, rule);
        }
    }

    /**
     * The values of a cookie list {@code name=value; name=value} from {@code from} to {@code limit}, the
     * names kept; for Set-Cookie only the first pair, the attributes ({@code Path=/}) after it are not
     * secret. A value without a name is the key's value ({@code session_cookie=abc}).
     */
    private static int cookies(Redaction r, int from, int limit, boolean setCookie, boolean spaced) {
        String s = r.text;
        int k = from;
        boolean first = true;
        while (true) {
            k = Chars.skipBlanks(s, k, limit);
            if (k >= limit) {
                return k;
            }
            if (r.markerAt(k)) {
                k = r.markerEnd(k);
            } else {
                int nameEnd = k;
                while (nameEnd < limit && nameEnd - k < MAX_KEY && isCookieNameChar(s.charAt(nameEnd))) {
                    nameEnd++;
                }
                if (nameEnd < limit && s.charAt(nameEnd) == '=' && nameEnd > k) {
                    int vs = nameEnd + 1;
                    int ve;
                    if (vs < limit && s.charAt(vs) == '"') {
                        ve = closingQuote(s, vs + 1, limit, '"', false);
                        addCookie(r, vs + 1, ve);
                        k = ve < limit ? ve + 1 : ve;
                    } else {
                        ve = vs;
                        while (ve < limit && isCookieOctet(s.charAt(ve))) {
                            ve++;
                        }
                        ve = trimClosers(s, vs, ve);
                        addCookie(r, vs, ve);
                        k = ve;
                    }
                } else {
                    if (!first) {
                        return k;
                    }
                    int ve = Math.min(tokenEnd(s, k, limit, false), limit);
                    if (!notASecret(s, k, ve) && !(spaced && isProse(s, k, ve, s.length()))) {
                        r.add(k, ve, Rule.COOKIE);
                    }
                    return ve;
                }
            }
            first = false;
            if (setCookie) {
                return k;
            }
            k = Chars.skipBlanks(s, k, limit);
            if (k < limit && s.charAt(k) == ';') {
                k++;
            } else {
                return k;
            }
        }
    }

    private static void addCookie(Redaction r, int start, int end) {
        if (start < end && !r.markerAt(start) && !notASecret(r.text, start, end)) {
            r.add(start, end, Rule.COOKIE);
        }
    }

    private static boolean isCookieNameChar(char c) {
        return c > ' ' && c != '=' && c != ';' && c != ',' && c != '"' && c != '\\' && c != 0x7f;
    }

    /** RFC 6265 section 4.1.1 cookie-octet. */
    private static boolean isCookieOctet(char c) {
        return c > ' ' && c != '"' && c != ',' && c != ';' && c != '\\' && c != 0x7f && !Chars.isSpace(c);
    }

    /**
     * At a {@code <}: the text of an element named by a sensitive key ({@code <password>x</password>}),
     * or of one whose {@code name} or {@code key} attribute is ({@code <entry key="password">x</entry>},
     * {@code <property name="password" value="x"/>}). The attributes are read on by the caller.
     */
    static int atElement(Redaction r, int lt) {
        String s = r.text;
        int n = r.length;
        int k = lt + 1;
        if (k >= n || !Chars.isAsciiLetter(s.charAt(k))) {
            return lt + 1;
        }
        int nameEnd = k;
        while (nameEnd < n && nameEnd - k < 64 && isTagNameChar(s.charAt(nameEnd))) {
            nameEnd++;
        }
        int limit = Math.min(n, lt + MAX_TAG);
        int j = nameEnd;
        Rule named = null;
        int valueStart = -1;
        int valueEnd = -1;
        while (j < limit && s.charAt(j) != '>') {
            char ch = s.charAt(j);
            if (ch == '<') {
                return lt + 1;
            }
            if (!Chars.isAsciiLetter(ch)) {
                j++;
                continue;
            }
            int as = j;
            while (j < limit && isTagNameChar(s.charAt(j))) {
                j++;
            }
            int ae = j;
            j = Chars.skipBlanks(s, j, limit);
            if (j >= limit || s.charAt(j) != '=') {
                continue;
            }
            j = Chars.skipBlanks(s, j + 1, limit);
            if (j >= limit || s.charAt(j) != '"' && s.charAt(j) != '\'') {
                continue;
            }
            int vs = j + 1;
            int ve = vs;
            while (ve < limit && s.charAt(ve) != s.charAt(j)) {
                ve++;
            }
            if (ve >= limit) {
                return lt + 1;
            }
            if (isWord(s, as, ae, "name") || isWord(s, as, ae, "key")) {
                Rule rule = r.keyRule(vs, ve);
                named = rule != null ? rule : named;
            } else if (isWord(s, as, ae, "value")) {
                valueStart = vs;
                valueEnd = ve;
            }
            j = ve + 1;
        }
        if (j >= limit) {
            return lt + 1;
        }
        Rule rule = named != null ? named : r.keyRule(k, nameEnd);
        if (rule == null) {
            return lt + 1;
        }
        if (named != null && valueStart >= 0) {
            addElementValue(r, valueStart, valueEnd, rule);
        } else if (s.charAt(j - 1) != '/') {
            int cs = j + 1;
            int ce = cs;
            while (ce < n && s.charAt(ce) != '<') {
                ce++;
            }
            int close = ce;
            if (s.startsWith("<![CDATA[", ce) && skipSpaces(s, cs, ce) == ce) {
                cs = ce + 9;
                ce = s.indexOf("]]>", cs);
                close = ce < 0 ? n : ce + 3;
                ce = ce < 0 ? n : ce;
            }
            // The element's text only when its end tag follows: "<secret>" in a sentence is no element.
            int after = close + 2 + nameEnd - k;
            if (s.startsWith("</", close) && s.regionMatches(close + 2, s, k, nameEnd - k)
                    && after < n && (s.charAt(after) == '>' || Chars.isSpace(s.charAt(after)))) {
                addElementValue(r, cs, ce, rule);
            }
        }
        return lt + 1;
    }

    private static void addElementValue(Redaction r, int start, int end, Rule rule) {
        int a = skipSpaces(r.text, start, end);
        int b = trimBlanks(r.text, a, end);
        while (b > a && Chars.isLineEnd(r.text.charAt(b - 1))) {
            b = trimBlanks(r.text, a, b - 1);
        }
        if (a < b && !r.markerAt(a) && !notASecret(r.text, a, b)) {
            r.add(a, b, rule);
        }
    }

    private static boolean isTagNameChar(char c) {
        return Chars.isAsciiAlnum(c) || c == '_' || c == '-' || c == '.' || c == ':';
    }

    private static boolean isWord(String s, int start, int end, String word) {
        return end - start == word.length() && s.regionMatches(true, start, word, 0, word.length());
    }

    /** The end of an unquoted value from {@code v}. */
    static int tokenEnd(String s, int v, int n, boolean connectionString) {
        int k = v;
        while (k < n) {
            char ch = s.charAt(k);
            if (Chars.isLineEnd(ch)) {
                break;
            }
            if (connectionString) {
                if (ch == ';' || ch == '"') {
                    break;
                }
            } else if (Chars.isBlank(ch) || ch == '"' || ch == '\'' || ch == '<' || ch == '|' || ch == '&') {
                break;
            } else if ((ch == ',' || ch == ';') && endsValue(s, k + 1, n)) {
                break;
            }
            k++;
        }
        return trimClosers(s, v, connectionString ? trimBlanks(s, v, k) : k);
    }

    /** After a {@code ,} or {@code ;}: true when the value ends there, before a space, a bracket or a key. */
    private static boolean endsValue(String s, int k, int n) {
        if (k >= n) {
            return true;
        }
        char ch = s.charAt(k);
        if (Chars.isSpace(ch) || ")]}\"',;".indexOf(ch) >= 0) {
            return true;
        }
        int j = k;
        int limit = Math.min(n, k + 64);
        while (j < limit && isKeyChar(s.charAt(j))) {
            j++;
        }
        return j > k && j < n && (s.charAt(j) == '=' || s.charAt(j) == ':');
    }

    /** {@code end} moved back over closing brackets that the value {@code s[v, end)} did not open. */
    static int trimClosers(String s, int v, int end) {
        int round = 0;
        int square = 0;
        int curly = 0;
        int angle = 0;
        for (int k = v; k < end; k++) {
            switch (s.charAt(k)) {
                case '(' -> round++;
                case ')' -> round--;
                case '[' -> square++;
                case ']' -> square--;
                case '{' -> curly++;
                case '}' -> curly--;
                case '<' -> angle++;
                case '>' -> angle--;
                default -> {
                }
            }
        }
        while (end > v) {
            char ch = s.charAt(end - 1);
            if (ch == ')' && round < 0) {
                round++;
            } else if (ch == ']' && square < 0) {
                square++;
            } else if (ch == '}' && curly < 0) {
                curly++;
            } else if (ch == '>' && angle < 0) {
                angle++;
            } else {
                break;
            }
            end--;
        }
        return end;
    }

    /** The closing quote from {@code open}, or the end of the line when there is none. */
    private static int closingQuote(String s, int open, int n, char quote, boolean escaped) {
        for (int k = open; k < n; k++) {
            char ch = s.charAt(k);
            if (Chars.isLineEnd(ch)) {
                return k;
            }
            if (escaped) {
                if (ch == '\\' && k + 1 < n && s.charAt(k + 1) == '"') {
                    return k;
                }
            } else if (ch == '\\' && quote == '"') {
                k++;
            } else if (ch == quote) {
                return k;
            }
        }
        return n;
    }

    /** 1 when {@code s[a, b)} is a scheme with token credentials, 2 with parameters, else 0. */
    private static int scheme(String s, int a, int b) {
        int length = b - a;
        if (length < 4 || length > 16 || !Chars.isAsciiLetter(s.charAt(a))) {
            return 0;
        }
        String word = s.substring(a, b).toLowerCase(Locale.ROOT);
        return Chars.isListed(word, TOKEN_SCHEMES) ? 1 : Chars.isListed(word, PARAM_SCHEMES) ? 2 : 0;
    }

    /**
     * True for a value that describes a value: empty or without a letter or digit, a placeholder
     * ({@code ${DB_PASSWORD}},
     * {@code $DB_PASSWORD}, {@code {{password}}}, {@code %s}, {@code {}}, {@code ?}, {@code <secret>},
     * {@code [PROTECTED]}), a mask ({@code ****}, {@code xxxx}) or a status word ({@code null}).
     */
    static boolean notASecret(String s, int a, int b) {
        int length = b - a;
        if (length <= 0 || !hasLetterOrDigit(s, a, b)) {
            return true;
        }
        char first = s.charAt(a);
        char last = s.charAt(b - 1);
        if (s.startsWith("${", a) || s.startsWith("#{", a) || s.startsWith("{{", a) || s.startsWith("%(", a)
                || s.startsWith("$(", a)) {
            return true;
        }
        if (length <= 3 && (s.startsWith("%s", a) || s.startsWith("{}", a) || s.startsWith("{0}", a))
                || length == 1 && first == '?') {
            return true;
        }
        if (first == '$' && length > 1 && all(s, a + 1, b, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")) {
            return true;
        }
        if ((first == '<' && last == '>' || first == '[' && last == ']') && length > 2
                && all(s, a + 1, b - 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_- ")) {
            return true;
        }
        if (first == '*' || first == '\u2022' || first == '#' || (first == 'x' || first == 'X') && length >= 3) {
            if (all(s, a, b, String.valueOf(first))) {
                return true;
            }
        }
        return length <= 9 && Chars.isListed(s.substring(a, b).toLowerCase(Locale.ROOT), STATUS_WORDS);
    }

    private static boolean hasLetterOrDigit(String s, int a, int b) {
        for (int k = a; k < b; k++) {
            if (Character.isLetterOrDigit(s.charAt(k))) {
                return true;
            }
        }
        return false;
    }

    private static boolean all(String s, int a, int b, String allowed) {
        for (int k = a; k < b; k++) {
            if (allowed.indexOf(s.charAt(k)) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when the token {@code s[a, b)} is a plain word and another plain word follows it on the same
     * line: the start of a sentence.
     */
    static boolean isProse(String s, int a, int b, int n) {
        if (!isPlainWord(s, a, b)) {
            return false;
        }
        int k = Chars.skipBlanks(s, b, n);
        if (k == b || k >= n) {
            return false;
        }
        int e = k;
        while (e < n && (Character.isLetter(s.charAt(e)) || (s.charAt(e) == '-' || s.charAt(e) == '\'') && e > k)) {
            e++;
        }
        if (!isPlainWord(s, k, e)) {
            return false;
        }
        return e >= n || Chars.isSpace(s.charAt(e)) || ".,;!?)".indexOf(s.charAt(e)) >= 0;
    }

    /** Letters, with dashes or apostrophes inside ({@code well-known}, {@code don't}). */
    private static boolean isPlainWord(String s, int a, int b) {
        if (b <= a || !Character.isLetter(s.charAt(a)) || !Character.isLetter(s.charAt(b - 1))) {
            return false;
        }
        for (int k = a + 1; k < b - 1; k++) {
            char c = s.charAt(k);
            if (!Character.isLetter(c) && c != '-' && c != '\'') {
                return false;
            }
        }
        return true;
    }

    private static int skipSpaces(String s, int k, int end) {
        while (k < end && Chars.isSpace(s.charAt(k))) {
            k++;
        }
        return k;
    }

    private static int trimBlanks(String s, int start, int end) {
        while (end > start && Chars.isBlank(s.charAt(end - 1))) {
            end--;
        }
        return end;
    }
}
