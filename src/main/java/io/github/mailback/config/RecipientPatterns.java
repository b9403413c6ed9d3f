package io.github.mailback.config;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Context;
import io.github.mailback.internal.ControlCharacters;
import io.github.mailback.mime.Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The {@code to} patterns of the appender, evaluated on the event that triggers the email (as
 * Logback's SMTPAppender does). A comma list is allowed in the configured text only: it is split
 * before evaluation, and each evaluated item must be exactly one address. So a value taken from the
 * event ({@code %X{team}} holding {@code "x@evil.com, ops"}) can spoil its own item, never add a
 * recipient. When no item has a conversion word the route is fixed once, at start.
 */
public final class RecipientPatterns implements Function<ILoggingEvent, List<String>> {
    /** Distinct refused values remembered so that each is reported once; the oldest is forgotten first. */
    private static final int REMEMBERED_REFUSALS = 256;
    /** Length of a refused value quoted in a status message. */
    private static final int QUOTED_VALUE = 120;

    private record Item(String pattern, PatternLayout layout) {
    }

    private final List<Item> dynamic = new ArrayList<>();
    private final List<String> fixed = new ArrayList<>();
    private final List<String> fixedRoute;
    private final Map<String, Boolean> refused = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_REFUSALS;
        }
    };
    private volatile Consumer<String> warnings = message -> { };

    /** Throws {@link IllegalArgumentException} for a fixed item that is not one address. */
    public RecipientPatterns(List<String> patterns, Context context) {
        for (String p : patterns) {
            for (String item : splitList(p)) {
                if (item.indexOf('%') < 0) {
                    String address = Address.parse(item).toString();
                    if (!fixed.contains(address)) {
                        fixed.add(address);
                    }
                } else {
                    PatternLayout layout = new PatternLayout();
                    layout.setContext(context);
                    layout.setPattern(item);
                    // As Logback does for "to": no automatic %ex at the end of the pattern.
                    layout.setPostCompileProcessor(null);
                    layout.start();
                    dynamic.add(new Item(item, layout));
                }
            }
        }
        fixedRoute = dynamic.isEmpty() ? List.copyOf(fixed) : null;
        if (dynamic.isEmpty() && fixed.isEmpty()) {
            throw new IllegalArgumentException("no address");
        }
    }

    /** Where refused values are reported (a rate-limited status sink); set once, before use. */
    public void reportTo(Consumer<String> warnings) {
        this.warnings = warnings;
    }

    /**
     * The recipients for this event, or null when it has none: every item that needs the event gave
     * something other than one address, and there is no fixed address. A null event gives the fixed
     * part only (null when there is none).
     */
    @Override
    public List<String> apply(ILoggingEvent event) {
        if (fixedRoute != null) {
            return fixedRoute;
        }
        List<String> to = new ArrayList<>(fixed);
        if (event != null) {
            for (Item item : dynamic) {
                String value = item.layout.doLayout(event).strip();
                String address = oneAddress(value);
                if (address == null) {
                    refuse(item.pattern, value);
                } else if (!to.contains(address)) {
                    to.add(address);
                }
            }
        }
        return to.isEmpty() ? null : to;
    }

    private static String oneAddress(String value) {
        try {
            return Address.parse(value).toString();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Reports a refused value once; the sender thread calls this, and --check-config may too. */
    private synchronized void refuse(String pattern, String value) {
        if (refused.put(value, Boolean.TRUE) == null) {
            warnings.accept("The to pattern " + pattern + " gave " + quote(value)
                    + ", which is not one address: that recipient is left out (data cannot add recipients)");
        }
    }

    /** The value in quotes, control characters shown as escapes, cut to a readable length. */
    public static String quote(String value) {
        return '"' + ControlCharacters.printable(value, QUOTED_VALUE) + '"';
    }

    /**
     * Splits configured text at the commas that separate items: not inside quotes, angle brackets,
     * or the braces and parentheses of a pattern ({@code %d{HH:mm:ss,SSS}}, {@code %replace(...)}).
     */
    public static List<String> splitList(String text) {
        List<String> items = new ArrayList<>();
        boolean quoted = false;
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '<' || c == '{' || c == '(') {
                depth++;
            } else if ((c == '>' || c == '}' || c == ')') && depth > 0) {
                depth--;
            } else if (c == ',' && depth == 0) {
                addItem(items, text.substring(start, i));
                start = i + 1;
            }
        }
        addItem(items, text.substring(start));
        return items;
    }

    private static void addItem(List<String> items, String item) {
        if (!item.isBlank()) {
            items.add(item.strip());
        }
    }
}
