package io.github.mailback.smtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever the content and however it is cut into writes, a receiver that applies RFC 5321 section
 * 4.5.2 to what the dot-stuffing stream wrote gets the content back (line ends made CRLF), the wire
 * holds CRLF line ends only, and the first line that is a lone dot is the last one. The committed
 * inputs under {@code DotStuffingFuzzTestInputs} are dot lines, bare CRs and LFs, and CRLF.CRLF
 * look-alikes; the first byte of each input gives the size of the writes (1 to 64).
 */
class DotStuffingFuzzTest {
    @FuzzTest(maxDuration = "60s")
    @Timeout(300) // only a hang: 3,000 inputs (the build's run) take up to 30 s on an idle 2-core machine
    void theReceiverGetsTheContentBackAndTheTerminatorOnlyAtTheEnd(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        int writeSize = 1 + (input[0] & 63);
        byte[] content = Arrays.copyOfRange(input, 1, input.length);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        DotStuffingOutputStream out = new DotStuffingOutputStream(wire);
        for (int i = 0; i < content.length; i += writeSize) {
            if (writeSize == 1) {
                out.write(content[i]);
            } else {
                out.write(content, i, Math.min(writeSize, content.length - i));
            }
        }
        out.finish();

        byte[] raw = wire.toByteArray();
        byte[] expected = content.length == 0 ? new byte[0] : DotStuffingPropertyTest.normalised(content);
        assertArrayEquals(expected, receive(raw));
    }

    /**
     * What a receiver reads (RFC 5321 section 4.5.2): lines up to the first lone dot, each with one
     * leading dot removed. Fails when a line end is not CRLF or when anything follows the terminator.
     */
    static byte[] receive(byte[] raw) {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\n') {
                assertTrue(i > start && raw[i - 1] == '\r', "bare LF at " + i);
            } else if (raw[i] == '\r') {
                assertTrue(i + 1 < raw.length && raw[i + 1] == '\n', "bare CR at " + i);
                continue;
            } else {
                continue;
            }
            byte[] line = Arrays.copyOfRange(raw, start, i - 1);
            start = i + 1;
            if (line.length == 1 && line[0] == '.') {
                assertEquals(raw.length, start, "the terminator came before the end");
                return data.toByteArray();
            }
            int from = line.length > 0 && line[0] == '.' ? 1 : 0;
            data.write(line, from, line.length - from);
            data.write('\r');
            data.write('\n');
        }
        throw new AssertionError("no terminator");
    }
}
