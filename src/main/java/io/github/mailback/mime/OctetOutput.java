package io.github.mailback.mime;

import java.io.IOException;
import java.io.OutputStream;

/**
 * An unsynchronized buffer in front of the caller's stream: the writer emits a body octet by octet,
 * and {@link java.io.BufferedOutputStream} takes a lock for each one.
 */
final class OctetOutput extends OutputStream {
    private final OutputStream out;
    private final byte[] buffer = new byte[16 * 1024];
    private int count;

    OctetOutput(OutputStream out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        if (count == buffer.length) {
            drain();
        }
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len >= buffer.length) {
            drain();
            out.write(b, off, len);
            return;
        }
        if (len > buffer.length - count) {
            drain();
        }
        System.arraycopy(b, off, buffer, count, len);
        count += len;
    }

    /** Writes what is buffered and flushes the stream below; never closes it. */
    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    private void drain() throws IOException {
        if (count > 0) {
            out.write(buffer, 0, count);
            count = 0;
        }
    }
}
