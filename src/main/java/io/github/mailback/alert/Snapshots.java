package io.github.mailback.alert;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.Layout;
import io.github.mailback.config.AppFrames;
import io.github.mailback.config.Settings;
import io.github.mailback.internal.ControlCharacters;
import io.github.mailback.internal.Throwables;
import io.github.mailback.mime.Header;
import io.github.mailback.redact.Redactor;
import io.github.mailback.redact.Tally;
import io.github.mailback.report.EmailModel;
import io.github.mailback.report.EventSnapshot;
import io.github.mailback.report.Example;
import io.github.mailback.report.Formatted;
import io.github.mailback.report.Lines;
import io.github.mailback.report.ThrowableSnapshot;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * Turns the events the sender keeps into plain data, once, when it takes them in: the layouts run
 * here, on the sender thread, and nothing later needs an {@code ILoggingEvent} or a layout. Used by
 * the sender thread only.
 */
final class Snapshots {
    /** Suppressed throwables kept per throwable; Logback prints them all, the text keeps them all. */
    private static final int MAX_SUPPRESSED = 16;

    private final Layout<ILoggingEvent> subject;
    private Layout<ILoggingEvent> text;
    /** The HTML layout whose document is the HTML part, or null. */
    private Layout<ILoggingEvent> html;
    private final List<Map.Entry<String, Layout<ILoggingEvent>>> headers;
    private final AppFrames frames;
    /** The user's layout, which may be replaced by {@link #fallback}, and where to say so; null for neither. */
    private Layout<ILoggingEvent> user;
    private final Layout<ILoggingEvent> fallback;
    private final StatusReporter status;
    /** Replaces secrets in every field and in what the layouts write, or null. */
    private final Redactor redactor;
    /** minimalContent: no log text at all. */
    private final boolean minimal;
    /** Where the redactions are counted, by rule; null in tests that count nothing. */
    private final AlertCounters counters;
    /** The errors the user's layout threw so far, by class. */
    private final Set<Class<?>> userErrors = new HashSet<>();

    Snapshots(Settings s, StatusReporter status, AlertCounters counters) {
        this(s.subjectLayout, s.textLayout, s.htmlIsLayouts ? s.htmlLayout : null, s.headers, s.appFrames, s.userLayout,
                s.fallbackLayout, status, s.redactor, s.minimalContent, counters);
    }

    /** Snapshots with these layouts, the user's never replaced. */
    Snapshots(Layout<ILoggingEvent> subject, Layout<ILoggingEvent> text, Layout<ILoggingEvent> html,
            List<Map.Entry<String, Layout<ILoggingEvent>>> headers, AppFrames frames) {
        this(subject, text, html, headers, frames, null, null, null, null, false, null);
    }

    /** The same, with a redactor, or minimal content. */
    Snapshots(Layout<ILoggingEvent> subject, Layout<ILoggingEvent> text, Layout<ILoggingEvent> html,
            List<Map.Entry<String, Layout<ILoggingEvent>>> headers, AppFrames frames, Redactor redactor,
            boolean minimal) {
        this(subject, text, html, headers, frames, null, null, null, redactor, minimal, null);
    }

    private Snapshots(Layout<ILoggingEvent> subject, Layout<ILoggingEvent> text, Layout<ILoggingEvent> html,
            List<Map.Entry<String, Layout<ILoggingEvent>>> headers, AppFrames frames, Layout<ILoggingEvent> user,
            Layout<ILoggingEvent> fallback, StatusReporter status, Redactor redactor, boolean minimal,
            AlertCounters counters) {
        this.subject = subject;
        this.text = text;
        this.html = html;
        this.headers = List.copyOf(headers);
        this.frames = frames;
        this.user = user;
        this.fallback = fallback;
        this.status = status;
        this.redactor = redactor;
        this.minimal = minimal;
        this.counters = counters;
    }

    /**
     * The example of an incident: its trigger and the events logged before it (none with
     * minimalContent), each redacted before any layout sees it, and what the layouts wrote redacted
     * again, with one tally for the whole example.
     */
    Example example(Incident incident) {
        Tally tally = redactor == null ? null : redactor.newTally();
        List<ILoggingEvent> context = incident.context();
        List<Formatted> before = new ArrayList<>(minimal ? 0 : context.size() - 1);
        for (int i = 0; !minimal && i < context.size() - 1; i++) {
            before.add(format(view(context.get(i), tally), tally));
        }
        ILoggingEvent trigger = view(incident.event(), tally);
        return new Example(event(trigger, tally), before, subject(trigger, tally), headers(trigger, tally),
                counts(tally));
    }

    /** The event as the email may show it: redacted, or without text at all (see {@link RedactedEvent}). */
    private ILoggingEvent view(ILoggingEvent e, Tally tally) {
        return redactor == null && !minimal ? e : new RedactedEvent(e, redactor, tally, minimal);
    }

    /** The tally's counts by rule name, in rule order, counted for the meter as well. */
    private Map<String, Integer> counts(Tally tally) {
        if (tally == null || tally.total() == 0) {
            return Map.of();
        }
        Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        tally.counts().forEach((rule, n) -> {
            counts.put(rule.id(), n);
            if (counters != null) {
                counters.redactions.addAndGet(rule.ordinal(), n);
            }
        });
        return counts;
    }

    /** What a layout wrote, redacted again: a layout may print what no field holds. */
    private String backstop(String text, boolean html, Tally tally) {
        if (tally == null || text == null) {
            return text;
        }
        return html ? redactor.redactHtml(text, tally) : redactor.redact(text, tally);
    }

    /** The subject pattern's first line for the event, on one line. */
    String subject(ILoggingEvent e) {
        return subject(e, redactor == null ? null : redactor.newTally());
    }

    private String subject(ILoggingEvent e, Tally tally) {
        return backstop(ControlCharacters.oneLine(Lines.first(subject.doLayout(e))), false, tally);
    }

    /** The {@code header} patterns applied to an event (a probe of --check-config); empty values left out. */
    List<Header> headers(ILoggingEvent event) {
        return headers(event, redactor == null ? null : redactor.newTally());
    }

    private List<Header> headers(ILoggingEvent event, Tally tally) {
        if (headers.isEmpty()) {
            return List.of();
        }
        List<Header> result = new ArrayList<>(headers.size());
        for (Map.Entry<String, Layout<ILoggingEvent>> h : headers) {
            // The message writer cleans every header value again: nothing here can add a header line.
            String value = backstop(ControlCharacters.oneLine(h.getValue().doLayout(event)), false, tally);
            if (value.length() > EmailModel.MAX_SUBJECT) {
                int max = EmailModel.MAX_SUBJECT;
                int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
                value = value.substring(0, end) + '\u2026';
            }
            if (!value.isEmpty()) {
                result.add(new Header(h.getKey(), value));
            }
        }
        return result;
    }

    private Formatted format(ILoggingEvent e, Tally tally) {
        String t = backstop(layout(text, e), false, tally);
        return new Formatted(t, html == null ? null : backstop(layout(html, e), true, tally));
    }

    /**
     * The layout's text for the event. When the user's layout throws the same error a second time
     * (a StackOverflowError from {@code %replace} on deep stack traces, a NoClassDefFoundError from
     * its dependency), it is done with: the default layout formats this event and all later ones, and
     * one status says so. The first time, the error passes and that event alone is given up.
     */
    private String layout(Layout<ILoggingEvent> layout, ILoggingEvent e) {
        try {
            return layout.doLayout(e);
        } catch (Error error) {
            Verdict.rethrowIfFatal(error);
            if (layout != user || fallback == null || userErrors.add(error.getClass())) {
                throw error;
            }
            boolean wasText = text == user;
            if (wasText) {
                text = fallback;
            } else {
                html = null; // the HTML part shows the default layout's text instead
            }
            user = null;
            status.error("The layout " + layout.getClass().getName() + " threw " + error
                    + " twice; this appender formats events with the default layout from now on", error);
            return wasText ? fallback.doLayout(e) : null;
        }
    }

    private EventSnapshot event(ILoggingEvent e, Tally tally) {
        IThrowableProxy t = e.getThrowableProxy();
        List<Map.Entry<String, String>> keyValues = new ArrayList<>();
        List<KeyValuePair> pairs = e.getKeyValuePairs();
        if (pairs != null) {
            for (KeyValuePair kv : pairs) {
                keyValues.add(new AbstractMap.SimpleImmutableEntry<>(kv.key, String.valueOf(kv.value)));
            }
        }
        Map<String, String> mdc = e.getMDCPropertyMap();
        return new EventSnapshot(e.getTimeStamp(), String.valueOf(e.getLevel()), e.getLoggerName(), e.getThreadName(),
                e.getFormattedMessage(), e.getMessage(), mdc == null ? Map.of() : mdc, keyValues,
                t == null ? null : throwable(t, 0), t == null ? null : frames.firstAppFrame(t), format(e, tally));
    }

    private static ThrowableSnapshot throwable(IThrowableProxy t, int depth) {
        StackTraceElementProxy[] proxies = t.getStackTraceElementProxyArray();
        List<StackTraceElement> frames = new ArrayList<>(proxies == null ? 0 : proxies.length);
        for (int i = 0; proxies != null && i < proxies.length; i++) {
            frames.add(proxies[i].getStackTraceElement());
        }
        boolean deeper = depth + 1 < Throwables.MAX_CAUSE_DEPTH;
        List<ThrowableSnapshot> suppressed = new ArrayList<>();
        IThrowableProxy[] s = t.getSuppressed();
        for (int i = 0; deeper && s != null && i < s.length && i < MAX_SUPPRESSED; i++) {
            suppressed.add(throwable(s[i], depth + 1));
        }
        ThrowableSnapshot cause = deeper && t.getCause() != null ? throwable(t.getCause(), depth + 1) : null;
        return new ThrowableSnapshot(t.getClassName(), t.getMessage(), frames, t.getCommonFrames(), cause, suppressed);
    }
}
