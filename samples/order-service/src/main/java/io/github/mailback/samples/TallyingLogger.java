package io.github.mailback.samples;

import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.spi.LocationAwareLogger;

/**
 * An SLF4J logger that counts each event it lets through (see {@link LogTally}) and passes it on,
 * message pattern, arguments and throwable unchanged, to the real logger.
 */
final class TallyingLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;

    private final transient LocationAwareLogger delegate;

    TallyingLogger(Logger delegate) {
        this.name = delegate.getName();
        this.delegate = (LocationAwareLogger) delegate;
    }

    @Override
    public boolean isTraceEnabled() {
        return delegate.isTraceEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
        return delegate.isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return delegate.isInfoEnabled();
    }

    @Override
    public boolean isWarnEnabled() {
        return delegate.isWarnEnabled();
    }

    @Override
    public boolean isErrorEnabled() {
        return delegate.isErrorEnabled();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return TallyingLogger.class.getName();
    }

    // AbstractLogger calls this only for enabled levels, after splitting a trailing throwable off the
    // arguments, so the pattern stays the "{}" template the appender groups events by.
    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern,
            Object[] arguments, Throwable throwable) {
        LogTally.count(level == Level.ERROR);
        delegate.log(marker, getFullyQualifiedCallerName(), level.toInt(), messagePattern, arguments, throwable);
    }
}
