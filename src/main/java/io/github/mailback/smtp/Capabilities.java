package io.github.mailback.smtp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The service extensions a server announced in its EHLO reply (RFC 5321 section 4.1.1.1). */
public final class Capabilities {
    /** What a server that only speaks HELO (no ESMTP) offers: nothing. */
    static final Capabilities NONE = new Capabilities(false, Map.of());

    private final boolean esmtp;
    /** Keyword (upper case) to its parameters as given, for example AUTH to "PLAIN LOGIN". */
    private final Map<String, String> extensions;

    private Capabilities(boolean esmtp, Map<String, String> extensions) {
        this.esmtp = esmtp;
        this.extensions = extensions;
    }

    /** Parses the lines of a 250 EHLO reply; the first line is the server's greeting, not an extension. */
    static Capabilities parse(List<String> ehloLines) {
        Map<String, String> ext = new LinkedHashMap<>();
        for (int i = 1; i < ehloLines.size(); i++) {
            String line = ehloLines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            int sp = line.indexOf(' ');
            String keyword = (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
            String params = sp < 0 ? "" : line.substring(sp + 1).trim();
            // Old servers announce "AUTH=LOGIN PLAIN" besides or instead of "AUTH LOGIN PLAIN".
            if (keyword.startsWith("AUTH=")) {
                params = (keyword.substring(5) + " " + params).trim();
                keyword = "AUTH";
                params = (ext.getOrDefault("AUTH", "") + " " + params).trim();
            }
            ext.merge(keyword, params, (a, b) -> (a + " " + b).trim());
        }
        return new Capabilities(true, Collections.unmodifiableMap(ext));
    }

    /** False when the server refused EHLO and the session went on with HELO. */
    public boolean esmtp() {
        return esmtp;
    }

    /** True when the server announced this extension keyword (case-insensitive). */
    public boolean has(String keyword) {
        return extensions.containsKey(keyword.toUpperCase(Locale.ROOT));
    }

    /** The parameters announced with the keyword, or null when the server did not announce it. */
    public String parameters(String keyword) {
        return extensions.get(keyword.toUpperCase(Locale.ROOT));
    }

    public boolean pipelining() {
        return has("PIPELINING");
    }

    public boolean eightBitMime() {
        return has("8BITMIME");
    }

    public boolean smtpUtf8() {
        return has("SMTPUTF8");
    }

    public boolean startTls() {
        return has("STARTTLS");
    }

    public boolean enhancedStatusCodes() {
        return has("ENHANCEDSTATUSCODES");
    }

    /** True when the server announced SIZE (RFC 1870), with or without a limit. */
    public boolean size() {
        return has("SIZE");
    }

    /** The largest message the server takes (RFC 1870), or 0 when it announced no limit. */
    public long sizeLimit() {
        String p = extensions.get("SIZE");
        if (p == null || p.isEmpty()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(p.split(" ")[0]));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The AUTH mechanisms offered (upper case), empty when AUTH was not announced. */
    public Set<String> authMechanisms() {
        String p = extensions.get("AUTH");
        if (p == null || p.isEmpty()) {
            return Set.of();
        }
        Set<String> set = new java.util.LinkedHashSet<>();
        for (String m : p.toUpperCase(Locale.ROOT).split("\\s+")) {
            if (!m.isEmpty()) {
                set.add(m);
            }
        }
        return Collections.unmodifiableSet(set);
    }

    @Override
    public String toString() {
        return esmtp ? "Capabilities" + extensions : "Capabilities{HELO only}";
    }
}
