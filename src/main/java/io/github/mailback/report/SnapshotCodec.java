package io.github.mailback.report;

import io.github.mailback.internal.ControlCharacters;
import io.github.mailback.mime.Header;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an {@link Example} as bytes and reads it back, for the spool. The format is versioned
 * ({@link #VERSION} first); every length is checked against what is left of the input and against a
 * limit before anything is allocated, so that a truncated, garbled or hostile input fails with
 * {@link MalformedSnapshotException} and never makes the reader allocate without bound or loop.
 * Header fields read back go through {@link Header}'s own checks and are made one line, as when
 * they were taken: nothing read here can add a header line or repeat one of mailback's.
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

    /** A snapshot that cannot be read: truncated, garbled, of another version, or beyond a limit. */
    public static final class MalformedSnapshotException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedSnapshotException(String message) {
            super(message);
        }
    }

    /** The example as bytes. */
    public static byte[] write(Example e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            event(out, e.trigger());
            out.writeInt(e.before().size());
            for (Formatted f : e.before()) {
                formatted(out, f);
            }
            string(out, e.subject());
            out.writeInt(e.headers().size());
            for (Header h : e.headers()) {
                string(out, h.name());
                string(out, h.value());
            }
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /** The example these bytes hold; the whole input must be one example. */
    public static Example read(byte[] bytes) throws MalformedSnapshotException {
        Reader in = new Reader(ByteBuffer.wrap(bytes));
        try {
            int version = in.buffer.get();
            if (version != VERSION) {
                throw new MalformedSnapshotException("snapshot format " + version + ", expected " + VERSION);
            }
            EventSnapshot trigger = in.event();
            int n = in.count(MAX_ITEMS);
            List<Formatted> before = new ArrayList<>(Math.min(n, 256));
            for (int i = 0; i < n; i++) {
                before.add(in.formatted());
            }
            String subject = in.string();
            int h = in.count(MAX_ITEMS);
            List<Header> headers = new ArrayList<>(Math.min(h, 16));
            for (int i = 0; i < h; i++) {
                String name = in.required();
                if (EmailHeaders.isWritten(name)) {
                    throw new MalformedSnapshotException("a header mailback writes itself: " + name);
                }
                headers.add(new Header(name, ControlCharacters.oneLine(in.required())));
            }
            if (in.buffer.hasRemaining()) {
                throw new MalformedSnapshotException(in.buffer.remaining() + " bytes after the snapshot");
            }
            return new Example(trigger, before, subject == null ? "" : subject, headers);
        } catch (java.nio.BufferUnderflowException e) {
            throw new MalformedSnapshotException("snapshot cut short");
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedSnapshotException("snapshot holds an impossible value: " + e.getMessage());
        }
    }

    private static void event(DataOutputStream out, EventSnapshot e) throws IOException {
        out.writeLong(e.timeMillis());
        string(out, e.level());
        string(out, e.logger());
        string(out, e.thread());
        string(out, e.message());
        string(out, e.template());
        out.writeInt(e.mdc().size());
        for (Map.Entry<String, String> m : e.mdc().entrySet()) {
            string(out, m.getKey());
            string(out, m.getValue());
        }
        out.writeInt(e.keyValues().size());
        for (Map.Entry<String, String> kv : e.keyValues()) {
            string(out, kv.getKey());
            string(out, kv.getValue());
        }
        throwable(out, e.throwable(), 0);
        string(out, e.appFrame());
        formatted(out, e.formatted());
    }

    private static void throwable(DataOutputStream out, ThrowableSnapshot t, int depth) throws IOException {
        out.writeBoolean(t != null);
        if (t == null) {
            return;
        }
        string(out, t.className());
        string(out, t.message());
        List<StackTraceElement> frames = t.frames().subList(0, Math.min(t.frames().size(), MAX_FRAMES));
        out.writeInt(frames.size());
        for (StackTraceElement f : frames) {
            string(out, f.getClassName());
            string(out, f.getMethodName());
            string(out, f.getFileName());
            out.writeInt(f.getLineNumber());
        }
        out.writeInt(t.commonFrames());
        boolean deeper = depth + 1 < io.github.mailback.internal.Throwables.MAX_CAUSE_DEPTH;
        throwable(out, deeper ? t.cause() : null, depth + 1);
        List<ThrowableSnapshot> suppressed = deeper ? t.suppressed() : List.of();
        out.writeInt(suppressed.size());
        for (ThrowableSnapshot s : suppressed) {
            throwable(out, s, depth + 1);
        }
    }

    private static void formatted(DataOutputStream out, Formatted f) throws IOException {
        string(out, f.text());
        string(out, f.html());
    }

    /** A string as its UTF-8 length and bytes; -1 for null. */
    private static void string(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    /** Reads with a check on every length: nothing is allocated beyond what the input holds. */
    private static final class Reader {
        final ByteBuffer buffer;

        Reader(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        int count(int max) throws MalformedSnapshotException {
            int n = buffer.getInt();
            // Every item takes at least four bytes: a count beyond a quarter of what is left is a lie.
            if (n < 0 || n > max || n > buffer.remaining() / 4 + 1) {
                throw new MalformedSnapshotException("impossible count " + n);
            }
            return n;
        }

        String string() throws MalformedSnapshotException {
            int n = buffer.getInt();
            if (n == -1) {
                return null;
            }
            if (n < 0 || n > buffer.remaining()) {
                throw new MalformedSnapshotException("impossible length " + n);
            }
            byte[] b = new byte[n];
            buffer.get(b);
            return new String(b, StandardCharsets.UTF_8);
        }

        String required() throws MalformedSnapshotException {
            String s = string();
            if (s == null) {
                throw new MalformedSnapshotException("a required text is missing");
            }
            return s;
        }

        EventSnapshot event() throws MalformedSnapshotException {
            long time = buffer.getLong();
            String level = required();
            String logger = required();
            String thread = string();
            String message = string();
            String template = string();
            int m = count(MAX_ITEMS);
            Map<String, String> mdc = new LinkedHashMap<>();
            for (int i = 0; i < m; i++) {
                mdc.put(required(), string());
            }
            int k = count(MAX_ITEMS);
            List<Map.Entry<String, String>> keyValues = new ArrayList<>(Math.min(k, 16));
            for (int i = 0; i < k; i++) {
                keyValues.add(new AbstractMap.SimpleImmutableEntry<>(required(), string()));
            }
            ThrowableSnapshot throwable = throwable(0);
            String appFrame = string();
            return new EventSnapshot(time, level, logger, thread, message == null ? "" : message, template, mdc,
                    keyValues, throwable, appFrame, formatted());
        }

        ThrowableSnapshot throwable(int depth) throws MalformedSnapshotException {
            if (buffer.get() == 0) {
                return null;
            }
            if (depth >= io.github.mailback.internal.Throwables.MAX_CAUSE_DEPTH) {
                throw new MalformedSnapshotException("causes nested too deep");
            }
            String className = required();
            String message = string();
            int n = count(MAX_FRAMES);
            List<StackTraceElement> frames = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                frames.add(new StackTraceElement(required(), required(), string(), buffer.getInt()));
            }
            int common = buffer.getInt();
            ThrowableSnapshot cause = throwable(depth + 1);
            int s = count(MAX_ITEMS);
            List<ThrowableSnapshot> suppressed = new ArrayList<>(Math.min(s, 16));
            for (int i = 0; i < s; i++) {
                ThrowableSnapshot one = throwable(depth + 1);
                if (one == null) {
                    throw new MalformedSnapshotException("an empty suppressed throwable");
                }
                suppressed.add(one);
            }
            return new ThrowableSnapshot(className, message, frames, Math.max(0, common), cause, suppressed);
        }

        Formatted formatted() throws MalformedSnapshotException {
            String text = required();
            return new Formatted(text, string());
        }
    }
}
