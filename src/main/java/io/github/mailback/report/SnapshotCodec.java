package io.github.mailback.report;

import io.github.mailback.internal.Bytes;
import io.github.mailback.internal.ControlCharacters;
import io.github.mailback.internal.Throwables;
import io.github.mailback.mime.Header;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an {@link Example} as bytes and reads it back, for the spool. The format is versioned
 * ({@link #VERSION} first); reading checks every length ({@link Bytes.In}), so that a truncated, garbled
 * or hostile input fails with {@link Bytes.MalformedException}. Header fields read back go through
 * {@link Header}'s own checks and are made one line, as when they were taken: nothing read here can add
 * a header line or repeat one of mailback's.
 */
public final class SnapshotCodec {
    /** The format's version, written first; a reader refuses another. */
    public static final int VERSION = 1;
    /** Frames of one throwable kept in the snapshot's data; the formatted text has them all. */
    private static final int MAX_FRAMES = 1024;
    /** Items of any list (context events, MDC entries, key-value pairs, suppressed throwables, headers). */
    private static final int MAX_ITEMS = 65_536;

    private SnapshotCodec() {
    }

    /** The example as bytes. */
    public static byte[] write(Example e) {
        Bytes.Out out = new Bytes.Out().writeByte(VERSION);
        event(out, e.trigger());
        out.writeInt(e.before().size());
        for (Formatted f : e.before()) {
            formatted(out, f);
        }
        out.writeString(e.subject()).writeInt(e.headers().size());
        for (Header h : e.headers()) {
            out.writeString(h.name()).writeString(h.value());
        }
        out.writeInt(e.redacted().size());
        e.redacted().forEach((rule, count) -> out.writeString(rule).writeInt(count));
        return out.toByteArray();
    }

    /** The example these bytes hold; the whole input must be one example. */
    public static Example read(byte[] bytes) throws Bytes.MalformedException {
        Bytes.In in = new Bytes.In(bytes);
        int version = in.readByte();
        if (version != VERSION) {
            throw new Bytes.MalformedException("snapshot format " + version + ", expected " + VERSION);
        }
        try {
            EventSnapshot trigger = event(in);
            int n = in.readCount(MAX_ITEMS);
            List<Formatted> before = new ArrayList<>(Math.min(n, 256));
            for (int i = 0; i < n; i++) {
                before.add(formatted(in));
            }
            String subject = in.readString();
            int h = in.readCount(MAX_ITEMS);
            List<Header> headers = new ArrayList<>(Math.min(h, 16));
            for (int i = 0; i < h; i++) {
                String name = in.readRequired();
                if (EmailHeaders.isWritten(name)) {
                    throw new Bytes.MalformedException("a header mailback writes itself: " + name);
                }
                headers.add(new Header(name, ControlCharacters.oneLine(in.readRequired())));
            }
            int r = in.readCount(MAX_ITEMS);
            Map<String, Integer> redacted = new java.util.LinkedHashMap<>();
            for (int i = 0; i < r; i++) {
                String rule = in.readRequired();
                int count = in.readInt();
                if (rule.length() > 40 || count < 0) {
                    throw new Bytes.MalformedException("an impossible redaction count");
                }
                redacted.merge(rule, count, Integer::sum);
            }
            in.end();
            return new Example(trigger, before, subject == null ? "" : subject, headers, redacted);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new Bytes.MalformedException("snapshot holds an impossible value: " + e.getMessage());
        }
    }

    private static void event(Bytes.Out out, EventSnapshot e) {
        out.writeLong(e.timeMillis()).writeString(e.level()).writeString(e.logger()).writeString(e.thread())
                .writeString(e.message()).writeString(e.template()).writeInt(e.mdc().size());
        for (Map.Entry<String, String> m : e.mdc().entrySet()) {
            out.writeString(m.getKey()).writeString(m.getValue());
        }
        out.writeInt(e.keyValues().size());
        for (Map.Entry<String, String> kv : e.keyValues()) {
            out.writeString(kv.getKey()).writeString(kv.getValue());
        }
        throwable(out, e.throwable(), 0);
        out.writeString(e.appFrame());
        formatted(out, e.formatted());
    }

    private static void throwable(Bytes.Out out, ThrowableSnapshot t, int depth) {
        out.writeBoolean(t != null);
        if (t == null) {
            return;
        }
        out.writeString(t.className()).writeString(t.message());
        List<StackTraceElement> frames = t.frames().subList(0, Math.min(t.frames().size(), MAX_FRAMES));
        out.writeInt(frames.size());
        for (StackTraceElement f : frames) {
            out.writeString(f.getClassName()).writeString(f.getMethodName()).writeString(f.getFileName())
                    .writeInt(f.getLineNumber());
        }
        out.writeInt(t.commonFrames());
        boolean deeper = depth + 1 < Throwables.MAX_CAUSE_DEPTH;
        throwable(out, deeper ? t.cause() : null, depth + 1);
        List<ThrowableSnapshot> suppressed = deeper ? t.suppressed() : List.of();
        out.writeInt(suppressed.size());
        for (ThrowableSnapshot s : suppressed) {
            throwable(out, s, depth + 1);
        }
    }

    private static void formatted(Bytes.Out out, Formatted f) {
        out.writeString(f.text()).writeString(f.html());
    }

    private static EventSnapshot event(Bytes.In in) throws Bytes.MalformedException {
        long time = in.readLong();
        String level = in.readRequired();
        String logger = in.readRequired();
        String thread = in.readString();
        String message = in.readString();
        String template = in.readString();
        int m = in.readCount(MAX_ITEMS);
        Map<String, String> mdc = new LinkedHashMap<>();
        for (int i = 0; i < m; i++) {
            mdc.put(in.readRequired(), in.readString());
        }
        int k = in.readCount(MAX_ITEMS);
        List<Map.Entry<String, String>> keyValues = new ArrayList<>(Math.min(k, 16));
        for (int i = 0; i < k; i++) {
            keyValues.add(new AbstractMap.SimpleImmutableEntry<>(in.readRequired(), in.readString()));
        }
        ThrowableSnapshot throwable = throwable(in, 0);
        String appFrame = in.readString();
        return new EventSnapshot(time, level, logger, thread, message == null ? "" : message, template, mdc,
                keyValues, throwable, appFrame, formatted(in));
    }

    private static ThrowableSnapshot throwable(Bytes.In in, int depth) throws Bytes.MalformedException {
        if (!in.readBoolean()) {
            return null;
        }
        if (depth >= Throwables.MAX_CAUSE_DEPTH) {
            throw new Bytes.MalformedException("causes nested too deep");
        }
        String className = in.readRequired();
        String message = in.readString();
        int n = in.readCount(MAX_FRAMES);
        List<StackTraceElement> frames = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            frames.add(new StackTraceElement(in.readRequired(), in.readRequired(), in.readString(), in.readInt()));
        }
        int common = in.readInt();
        ThrowableSnapshot cause = throwable(in, depth + 1);
        int s = in.readCount(MAX_ITEMS);
        List<ThrowableSnapshot> suppressed = new ArrayList<>(Math.min(s, 16));
        for (int i = 0; i < s; i++) {
            ThrowableSnapshot one = throwable(in, depth + 1);
            if (one == null) {
                throw new Bytes.MalformedException("an empty suppressed throwable");
            }
            suppressed.add(one);
        }
        return new ThrowableSnapshot(className, message, frames, Math.max(0, common), cause, suppressed);
    }

    private static Formatted formatted(Bytes.In in) throws Bytes.MalformedException {
        String text = in.readRequired();
        return new Formatted(text, in.readString());
    }
}
