package io.github.mailback.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A triggering event as plain data, taken once when the sender keeps it: no Logback object, no
 * layout. What an email shows of it, the recipients and the fingerprint are worked out from this alone.
 *
 * @param message the formatted message
 * @param template the message before its arguments were filled in (the fingerprint's input)
 * @param mdc the MDC values, in the event's order
 * @param keyValues SLF4J's key-value pairs, in order
 * @param throwable null without one
 * @param appFrame {@code Class.method} of the first application frame of the root cause (else of its
 *     causes, outermost last), or null
 * @param formatted the event as the layouts wrote it
 */
public record EventSnapshot(long timeMillis, String level, String logger, String thread, String message,
        String template, Map<String, String> mdc, List<Map.Entry<String, String>> keyValues,
        ThrowableSnapshot throwable, String appFrame, Formatted formatted) {

    /** Longest headline of a group in a summary, in characters. */
    public static final int HEADLINE_MAX = 300;

    public EventSnapshot {
        mdc = Collections.unmodifiableMap(new LinkedHashMap<>(mdc));
        keyValues = List.copyOf(keyValues);
    }

    /**
     * The message, then when there is a throwable {@code separator} and its root cause: class and
     * message ({@code Could not save order — java.net.ConnectException: Connection refused}).
     */
    public String messageAndRootCause(String separator) {
        StringBuilder sb = new StringBuilder().append(message);
        if (throwable != null) {
            ThrowableSnapshot root = throwable.root();
            sb.append(separator).append(root.className());
            if (root.message() != null) {
                sb.append(": ").append(root.message());
            }
        }
        return sb.toString();
    }
}
