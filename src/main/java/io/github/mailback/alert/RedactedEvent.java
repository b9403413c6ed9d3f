package io.github.mailback.alert;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import io.github.mailback.internal.Throwables;
import io.github.mailback.redact.Redactor;
import io.github.mailback.redact.Tally;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * An event as the email may show it, for the layouts and the snapshot: its message, its exceptions'
 * messages through the whole cause and suppressed chain, its MDC values and key-value pairs redacted
 * once, here, on the sender thread (a value under a sensitive key goes whole); with
 * {@code minimalContent}, none of them at all. Everything else is the event's own.
 */
final class RedactedEvent implements ILoggingEvent {
    private final ILoggingEvent event;
    private final String template;
    private final String message;
    private final Map<String, String> mdc;
    private final List<KeyValuePair> keyValues;
    private final IThrowableProxy throwable;

    /** {@code redactor} null: nothing redacted, but with {@code minimal} nothing of the text is kept. */
    RedactedEvent(ILoggingEvent event, Redactor redactor, Tally tally, boolean minimal) {
        this.event = event;
        this.message = minimal ? "" : redact(redactor, event.getFormattedMessage(), tally);
        this.template = minimal ? "" : redact(redactor, event.getMessage(), tally);
        Map<String, String> m = event.getMDCPropertyMap();
        Map<String, String> safe = new LinkedHashMap<>();
        if (!minimal && m != null) {
            m.forEach((k, v) -> safe.put(k, redactor == null ? v : redactor.redactValue(k, v, tally)));
        }
        this.mdc = safe;
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        List<KeyValuePair> kept = new ArrayList<>();
        for (int i = 0; !minimal && pairs != null && i < pairs.size(); i++) {
            KeyValuePair kv = pairs.get(i);
            String v = String.valueOf(kv.value);
            kept.add(new KeyValuePair(kv.key, redactor == null ? v : redactor.redactValue(kv.key, v, tally)));
        }
        this.keyValues = pairs == null ? null : kept;
        IThrowableProxy t = event.getThrowableProxy();
        this.throwable = t == null ? null : new Throwable(t, redactor, tally, minimal, 0);
    }

    private static String redact(Redactor redactor, String text, Tally tally) {
        return redactor == null ? text : redactor.redact(text, tally);
    }

    @Override
    public String getThreadName() {
        return event.getThreadName();
    }

    @Override
    public Level getLevel() {
        return event.getLevel();
    }

    /** The message pattern, redacted; its arguments are not given out (the formatted message is). */
    @Override
    public String getMessage() {
        return template;
    }

    @Override
    public Object[] getArgumentArray() {
        return null;
    }

    @Override
    public String getFormattedMessage() {
        return message;
    }

    @Override
    public String getLoggerName() {
        return event.getLoggerName();
    }

    @Override
    public LoggerContextVO getLoggerContextVO() {
        return event.getLoggerContextVO();
    }

    @Override
    public IThrowableProxy getThrowableProxy() {
        return throwable;
    }

    @Override
    public StackTraceElement[] getCallerData() {
        return event.getCallerData();
    }

    @Override
    public boolean hasCallerData() {
        return event.hasCallerData();
    }

    @Override
    public List<Marker> getMarkerList() {
        return event.getMarkerList();
    }

    @Override
    public Map<String, String> getMDCPropertyMap() {
        return mdc;
    }

    /** @deprecated as in {@link ILoggingEvent} */
    @Deprecated
    @Override
    public Map<String, String> getMdc() {
        return mdc;
    }

    @Override
    public long getTimeStamp() {
        return event.getTimeStamp();
    }

    @Override
    public int getNanoseconds() {
        return event.getNanoseconds();
    }

    @Override
    public long getSequenceNumber() {
        return event.getSequenceNumber();
    }

    @Override
    public List<KeyValuePair> getKeyValuePairs() {
        return keyValues;
    }

    @Override
    public void prepareForDeferredProcessing() {
        // A snapshot of its own already.
    }

    /** An exception of the chain with its message redacted; classes and frames are the original's. */
    private static final class Throwable implements IThrowableProxy {
        private final IThrowableProxy proxy;
        private final String message;
        private final IThrowableProxy cause;
        private final IThrowableProxy[] suppressed;

        Throwable(IThrowableProxy proxy, Redactor redactor, Tally tally, boolean minimal, int depth) {
            this.proxy = proxy;
            this.message = minimal ? null : redact(redactor, proxy.getMessage(), tally);
            boolean deeper = depth + 1 < Throwables.MAX_CAUSE_DEPTH;
            IThrowableProxy c = proxy.getCause();
            this.cause = c == null || !deeper ? null : new Throwable(c, redactor, tally, minimal, depth + 1);
            IThrowableProxy[] s = proxy.getSuppressed();
            this.suppressed = s == null ? null : new IThrowableProxy[deeper ? s.length : 0];
            for (int i = 0; deeper && s != null && i < s.length; i++) {
                suppressed[i] = new Throwable(s[i], redactor, tally, minimal, depth + 1);
            }
        }

        @Override
        public String getMessage() {
            return message;
        }

        @Override
        public String getClassName() {
            return proxy.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return proxy.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return proxy.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return cause;
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            return suppressed;
        }

        @Override
        public boolean isCyclic() {
            return proxy.isCyclic();
        }
    }
}
