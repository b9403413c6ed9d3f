package io.github.mailback.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever a server sends, the reply reader returns well-formed replies or fails with the documented
 * exceptions ({@link SmtpException} for a protocol error, {@link EOFException} for a closed connection),
 * never reads more of one reply than its bounds allow, and never hangs. The committed inputs under
 * {@code ReplyReaderFuzzTestInputs} are real replies (Postfix, Exim, Gmail, Exchange greetings, EHLO
 * lists, enhanced codes) and broken ones; {@code JAZZER_FUZZ=1} fuzzes from them.
 */
class ReplyReaderFuzzTest {
    /** The most one reply may take off the wire: every line at its limit, with its CRLF. */
    private static final long MAX_REPLY_OCTETS = (long) ReplyReader.MAX_LINES * (ReplyReader.MAX_LINE + 2);

    @FuzzTest(maxDuration = "60s")
    @Timeout(300) // only a hang: 3,000 inputs (the build's run) take up to 30 s on an idle 2-core machine
    void repliesAreWellFormedOrADocumentedFailure(byte[] wire) {
        CountingInputStream in = new CountingInputStream(new ByteArrayInputStream(wire));
        ReplyReader reader = new ReplyReader(in);
        while (true) {
            long before = in.count;
            try {
                SmtpReply reply = reader.read();
                assertTrue(reply.code() >= 200 && reply.code() <= 599, reply::toString);
                assertTrue(!reply.lines().isEmpty() && reply.lines().size() <= ReplyReader.MAX_LINES, reply::toString);
                for (String line : reply.lines()) {
                    assertTrue(line.length() <= ReplyReader.MAX_LINE, "line of " + line.length() + " chars");
                    assertTrue(line.chars().noneMatch(c -> c < 0x20 || c == 0x7f), () -> "control character in " + line);
                }
                String enhanced = reply.enhancedCode();
                if (enhanced != null) {
                    assertTrue(enhanced.matches("[245]\\.\\d{1,3}\\.\\d{1,3}"), enhanced);
                    assertEquals(reply.code() / 100, enhanced.charAt(0) - '0', reply::toString);
                }
            } catch (EOFException e) {
                assertNotNull(e.getMessage());
                return;
            } catch (SmtpException e) {
                assertTrue(e.getMessage().startsWith("protocol error: "), e::getMessage);
                assertTrue(e.isTransient(), "a protocol error is worth another try");
                return;
            } catch (IOException | RuntimeException e) {
                fail("undocumented exception for " + describe(wire), e);
            } finally {
                assertTrue(in.count - before <= MAX_REPLY_OCTETS, "one reply read " + (in.count - before) + " octets");
            }
        }
    }

    @Test
    @Timeout(10)
    void tenMegabytesWithoutALineEndFailOnTheFirstEightKilobytes() {
        CountingInputStream in = new CountingInputStream(endless("250-".getBytes(), 10 << 20, (byte) 'x'));
        SmtpException e = assertThrows(SmtpException.class, () -> new ReplyReader(in).read());
        assertEquals("protocol error: reply line longer than 8192 octets", e.getMessage());
        assertTrue(in.count <= ReplyReader.MAX_LINE + 1, in.count + " octets read");
    }

    @Test
    @Timeout(10)
    void tenMegabytesOfContinuationLinesFailAfter128Lines() {
        byte[] line = "250-PIPELINING\r\n".getBytes();
        CountingInputStream in = new CountingInputStream(endless(new byte[0], 10 << 20, line));
        SmtpException e = assertThrows(SmtpException.class, () -> new ReplyReader(in).read());
        assertEquals("protocol error: reply longer than 128 lines", e.getMessage());
        assertTrue(in.count <= 129L * line.length, in.count + " octets read");
    }

    private static InputStream endless(byte[] prefix, int length, byte... repeated) {
        return new InputStream() {
            private int position;

            @Override
            public int read() {
                if (position >= length) {
                    return -1;
                }
                int i = position++;
                return i < prefix.length ? prefix[i] : repeated[(i - prefix.length) % repeated.length] & 0xff;
            }
        };
    }

    private static String describe(byte[] wire) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(wire.length, 200); i++) {
            int b = wire[i] & 0xff;
            sb.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return sb.toString();
    }

    /** Counts the octets the reader takes. */
    private static final class CountingInputStream extends FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
