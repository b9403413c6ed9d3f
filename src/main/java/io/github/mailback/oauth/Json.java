package io.github.mailback.oauth;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded reader for the flat JSON objects of token answers (RFC 6749 section 5) and service
 * account key files: the top level's string members as {@link String}, numbers as {@link Double},
 * {@code true}/{@code false} as {@link Boolean}, arrays as a {@link List} of their elements of those
 * types (such as Entra's {@code error_codes}); anything nested deeper is checked and skipped.
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
        p.value(members, null, '{', 0);
        if (!text.substring(p.i).isBlank()) {
            p.fail();
        }
        return members;
    }

    /**
     * The value that starts with {@code c} (already read): a string, number or literal; for an array,
     * {@code elements} with the array's scalar elements added, or null when {@code elements} is null;
     * null for an object, whose scalar and array members go to {@code members} when that is not null.
     */
    private Object value(Map<String, Object> members, List<Object> elements, char c, int depth) throws IOException {
        if (c == '{' || c == '[') {
            if (depth == MAX_DEPTH) {
                throw new IOException("JSON nested too deeply");
            }
            char close = c == '{' ? '}' : ']';
            Object result = c == '[' ? elements : null;
            char d = next();
            if (d == close) {
                return result;
            }
            while (true) {
                if (c == '{') {
                    String name = d == '"' ? string() : fail();
                    if (next() != ':') {
                        fail();
                    }
                    Object v = value(null, members != null ? new ArrayList<>() : null, next(), depth + 1);
                    if (members != null && v != null) {
                        members.put(name, v instanceof List<?> array ? List.copyOf(array) : v);
                    }
                } else {
                    Object v = value(null, null, d, depth + 1);
                    if (elements != null && v != null) {
                        elements.add(v);
                    }
                }
                d = next();
                if (d == close) {
                    return result;
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
