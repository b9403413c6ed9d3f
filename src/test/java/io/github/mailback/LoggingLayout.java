package io.github.mailback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** A layout that logs an ERROR each time it formats an event, as a careless user component might. */
public final class LoggingLayout extends PatternLayout {
    @Override
    public String doLayout(ILoggingEvent event) {
        ((LoggerContext) getContext()).getLogger("com.example.LayoutHelper").error("could not look up the user");
        return super.doLayout(event);
    }
}
