package io.github.mailback.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The primitives of mailback's own binary formats (snapshots and the spool): numbers big-endian, a text
 * as its UTF-8 length and bytes (-1 for null). Reading checks every length against what is left and
 * against a limit before it allocates anything, so that a truncated, garbled or hostile input ends in
 * {@link MalformedException}, never in an allocation without bound, a loop, or another exception.
 */
public final class Bytes {
    private Bytes() {
    }

    /** An input that is not what its format says: truncated, garbled, of another version, or beyond a limit. */
    public static final class MalformedException extends IOException {
        private static final long serialVersionUID = 1L;

        public MalformedException(String message) {
            super(message);
        }
    }

    /** Writes into a growing array. */
    public static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        private final DataOutputStream out = new DataOutputStream(bytes);

        public Out writeByte(int b) {
            return write(() -> out.writeByte(b));
        }

        public Out writeBoolean(boolean b) {
            return write(() -> out.writeBoolean(b));
        }

        public Out writeInt(int i) {
            return write(() -> out.writeInt(i));
        }

        public Out writeLong(long l) {
            return write(() -> out.writeLong(l));
        }

        /** A text, null included. */
        public Out writeString(String s) {
            if (s == null) {
                return writeInt(-1);
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return writeInt(b.length).write(() -> out.write(b));
        }

        /** A count, then each text. */
        public Out writeStrings(List<String> list) {
            writeInt(list.size());
            for (String s : list) {
                writeString(s);
            }
            return this;
        }

        public byte[] toByteArray() {
            return bytes.toByteArray();
        }

        private interface Write {
            void run() throws IOException;
        }

        private Out write(Write w) {
            try {
                w.run();
            } catch (IOException impossible) {
                throw new IllegalStateException(impossible); // a byte array does not fail
            }
            return this;
        }
    }

    /** Reads from an array, every length checked. */
    public static final class In {
        private final ByteBuffer buffer;

        public In(byte[] bytes) {
            this.buffer = ByteBuffer.wrap(bytes);
        }

        public int readByte() throws MalformedException {
            return read(() -> (int) buffer.get());
        }

        public boolean readBoolean() throws MalformedException {
            int b = readByte();
            if (b != 0 && b != 1) {
                throw new MalformedException("not a boolean: " + b);
            }
            return b == 1;
        }

        public int readInt() throws MalformedException {
            return read(buffer::getInt);
        }

        public long readLong() throws MalformedException {
            return read(buffer::getLong);
        }

        /**
         * A count of items, at most {@code max}, each of which takes at least four bytes: a count beyond a
         * quarter of what is left cannot be true.
         */
        public int readCount(int max) throws MalformedException {
            int n = readInt();
            if (n < 0 || n > max || n > buffer.remaining() / 4 + 1) {
                throw new MalformedException("impossible count " + n);
            }
            return n;
        }

        /** A text, or null. */
        public String readString() throws MalformedException {
            int n = readInt();
            if (n == -1) {
                return null;
            }
            if (n < 0 || n > buffer.remaining()) {
                throw new MalformedException("impossible length " + n);
            }
            byte[] b = new byte[n];
            buffer.get(b);
            return new String(b, StandardCharsets.UTF_8);
        }

        /** A text that may not be null. */
        public String readRequired() throws MalformedException {
            String s = readString();
            if (s == null) {
                throw new MalformedException("a required text is missing");
            }
            return s;
        }

        /** A count (at most {@code max}), then each text, none null. */
        public List<String> readStrings(int max) throws MalformedException {
            int n = readCount(max);
            List<String> list = new ArrayList<>(Math.min(n, 64));
            for (int i = 0; i < n; i++) {
                list.add(readRequired());
            }
            return list;
        }

        /** Fails unless the whole input was read. */
        public void end() throws MalformedException {
            if (buffer.hasRemaining()) {
                throw new MalformedException(buffer.remaining() + " bytes after the end");
            }
        }

        private interface Read<T> {
            T get();
        }

        private static <T> T read(Read<T> r) throws MalformedException {
            try {
                return r.get();
            } catch (BufferUnderflowException e) {
                throw new MalformedException("cut short");
            }
        }
    }
}
