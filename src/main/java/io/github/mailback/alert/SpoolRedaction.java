package io.github.mailback.alert;

import io.github.mailback.internal.Throwables;
import io.github.mailback.mime.Header;
import io.github.mailback.redact.Redactor;
import io.github.mailback.redact.Tally;
import io.github.mailback.report.EventSnapshot;
import io.github.mailback.report.Example;
import io.github.mailback.report.Formatted;
import io.github.mailback.report.ThrowableSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the spool gives back, redacted as at intake: a spool written with redactSecrets off is read
 * redacted with it on. Records written redacted are read as they are, without this.
 */
final class SpoolRedaction {
    private final Redactor redactor;

    SpoolRedaction(Redactor redactor) {
        this.redactor = redactor;
    }

    /**
     * The example with its secrets redacted, as at intake: a spool written with redactSecrets off is
     * read redacted with it on. Redacting twice changes nothing, so an example redacted already comes
     * back as it was, its counts too.
     */
    Example example(Example e) {
        Tally tally = redactor.newTally();
        List<Formatted> before = new ArrayList<>();
        for (Formatted f : e.before()) {
            before.add(redacted(f, tally));
        }
        List<Header> headers = new ArrayList<>();
        for (Header h : e.headers()) {
            headers.add(new Header(h.name(), redactor.redact(h.value(), tally)));
        }
        EventSnapshot t = e.trigger();
        Map<String, String> mdc = new LinkedHashMap<>();
        t.mdc().forEach((k, v) -> mdc.put(k, redactor.redactValue(k, v, tally)));
        List<Map.Entry<String, String>> keyValues = new ArrayList<>();
        for (Map.Entry<String, String> kv : t.keyValues()) {
            keyValues.add(Map.entry(kv.getKey(), redactor.redactValue(kv.getKey(), kv.getValue(), tally)));
        }
        EventSnapshot trigger = new EventSnapshot(t.timeMillis(), t.level(), t.logger(), t.thread(),
                redactor.redact(t.message(), tally), redactor.redact(t.template(), tally), mdc, keyValues,
                redacted(t.throwable(), tally, 0), t.appFrame(), t.formatted() == null ? null : redacted(t.formatted(), tally));
        Map<String, Integer> counts = new LinkedHashMap<>(e.redacted());
        tally.counts().forEach((rule, n) -> counts.merge(rule.id(), n, Integer::sum));
        return new Example(trigger, before, redactor.redact(e.subject(), tally), headers, counts);
    }

    private Formatted redacted(Formatted f, Tally tally) {
        return new Formatted(redactor.redact(f.text(), tally), redactor.redactHtml(f.html(), tally));
    }

    private ThrowableSnapshot redacted(ThrowableSnapshot t, Tally tally, int depth) {
        if (t == null || depth >= Throwables.MAX_CAUSE_DEPTH) {
            return null;
        }
        List<ThrowableSnapshot> suppressed = new ArrayList<>();
        for (ThrowableSnapshot s : t.suppressed()) {
            suppressed.add(redacted(s, tally, depth + 1));
        }
        return new ThrowableSnapshot(t.className(), redactor.redact(t.message(), tally), t.frames(), t.commonFrames(),
                redacted(t.cause(), tally, depth + 1), suppressed);
    }

    /** An email read back, its text redacted: the same bytes when it was redacted already. */
    AlertEmail email(AlertEmail e) {
        Tally tally = redactor.newTally();
        List<Header> headers = new ArrayList<>();
        for (Header h : e.headers()) {
            headers.add(new Header(h.name(), redactor.redact(h.value(), tally)));
        }
        return new AlertEmail(e.route(), redactor.redact(e.subject(), tally), redactor.redact(e.text(), tally),
                redactor.redactHtml(e.html(), tally), e.events(), e.messageId(), e.inReplyTo(), e.references(),
                e.epochMillis(), headers);
    }
}
