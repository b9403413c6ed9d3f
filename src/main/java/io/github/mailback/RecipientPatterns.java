package io.github.mailback;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Context;
import io.github.mailback.alert.Route;
import io.github.mailback.mime.Address;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code to} patterns of the appender: each a PatternLayout evaluated on the event that
 * triggers the email (as Logback's SMTPAppender does), each result a comma-separated list of
 * addresses. When no pattern has a conversion word the route is fixed once, at start.
 */
final class RecipientPatterns implements Function<ILoggingEvent, Route> {
    private final List<PatternLayout> dynamic = new ArrayList<>();
    private final List<String> fixed = new ArrayList<>();
    private final Route fixedRoute;

    /** Throws {@link IllegalArgumentException} for a fixed pattern that is not a list of addresses. */
    RecipientPatterns(List<String> patterns, Context context) {
        for (String p : patterns) {
            if (p.indexOf('%') < 0) {
                for (Address a : Address.parseList(p)) {
                    fixed.add(a.toString());
                }
            } else {
                PatternLayout layout = new PatternLayout();
                layout.setContext(context);
                layout.setPattern(p);
                // As Logback does for "to": no automatic %ex at the end of the pattern.
                layout.setPostCompileProcessor(null);
                layout.start();
                dynamic.add(layout);
            }
        }
        fixedRoute = dynamic.isEmpty() ? new Route(fixed) : null;
        if (dynamic.isEmpty() && fixed.isEmpty()) {
            throw new IllegalArgumentException("no address");
        }
    }

    /** The recipients for this event; a null event gives the fixed part only. */
    @Override
    public Route apply(ILoggingEvent event) {
        if (fixedRoute != null) {
            return fixedRoute;
        }
        List<String> to = new ArrayList<>(fixed);
        if (event != null) {
            for (PatternLayout layout : dynamic) {
                for (Address a : Address.parseList(layout.doLayout(event))) {
                    String s = a.toString();
                    if (!to.contains(s)) {
                        to.add(s);
                    }
                }
            }
        }
        return new Route(to);
    }
}
