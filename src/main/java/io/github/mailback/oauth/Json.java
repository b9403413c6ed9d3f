package io.github.mailback.oauth;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A bounded reader for the flat JSON objects of token answers (RFC 6749 section 5) and service
 * account key files: the top level's string members as {@link String}, numbers as {@link Double},
 * {@code true}/{@code false} as {@link Boolean}; nested objects and arrays are checked and skipped.
 * Callers bound the text (64 KiB); nesting is bounded here, so hostile input cannot exhaust the stack.
 */
final class Json {
    private static final int MAX_DEPTH = 16;

    private final String s;
    private int i;

    private Json(String s) {
        this.s = s;
    }

    /** The top-level members of the object {@code text}; throws when it is not one JSON object. */
    static Map<String, Object> parse(String text) throws IOException {
        Json p = new Json(text);
        Map<String, Object> members = new HashMap<>();
        if (p.next() != '{') {
            p.fail();
        }
        p.value(members, '{', 0);
        if (!text.substring(p.i).isBlank()) {
            p.fail();
        }
        return members;
    }

    /**
     * The value that starts with {@code c} (already read): a string, number or literal, or null for an
     * object or array, whose scalar members go to {@code members} when not null.
     */
    private Object value(Map<String, Object> members, char c, int depth) throws IOException {
        if (c == '{' || c == '[') {
            if (depth == MAX_DEPTH) {
                throw new IOException("JSON nested too deeply");
            }
            char close = c == '{' ? '}' : ']';
            char d = next();
            if (d == close) {
                return null;
            }
            while (true) {
                if (c == '{') {
                    String name = d == '"' ? string() : fail();
                    if (next() != ':') {
                        fail();
                    }
                    Object v = value(null, next(), depth + 1);
                    if (members != null && v != null) {
                        members.put(name, v);
                    }
                } else {
                    value(null, d, depth + 1);
                }
                d = next();
                if (d == close) {
                    return null;
                }
                if (d != ',') {
                    fail();
                }
                d = next();
            }
        }
        if (c == '"') {
            return string();
        }
        int start = i - 1;
        while (i < s.length() && "+-.0123456789Eaeflnrstu".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        String literal = s.substring(start, i);
        try {
            return literal.equals("null") ? null : literal.equals("true") || literal.equals("false")
                    ? Boolean.valueOf(literal) : Double.valueOf(literal);
        } catch (NumberFormatException e) {
            return fail();
        }
    }

    /** The rest of a string whose opening quote was read. */
    private String string() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = i < s.length() ? s.charAt(i++) : fail();
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                c = i < s.length() ? s.charAt(i++) : fail();
                int k = "\"\\/bfnrt".indexOf(c);
                if (k >= 0) {
                    c = "\"\\/\b\f\n\r\t".charAt(k);
                } else if (c == 'u' && i + 4 <= s.length()) {
                    try {
                        c = (char) Integer.parseInt(s.substring(i, i + 4), 16);
                    } catch (NumberFormatException e) {
                        fail();
                    }
                    i += 4;
                } else {
                    fail();
                }
            } else if (c < 0x20) {
                fail();
            }
            sb.append(c);
        }
    }

    /** The next character that is not white space. */
    private char next() throws IOException {
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return c;
            }
        }
        return fail();
    }

    private <T> T fail() throws IOException {
        throw new IOException("not valid JSON near offset " + i);
    }

    /** {@code value} as a JSON string, quotes included. */
    static String quote(String value) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
