package io.github.mailback.smtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.mailback.testing.RecordedMessage;
import io.github.mailback.testing.ScriptedSmtpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Issue 2, point 7 as a property: any content, sent through the client, arrives with its line ends made
 * CRLF and a final CRLF added, and the only CRLF.CRLF on the wire is the terminator.
 */
class DotStuffingPropertyTest {
    private static final Duration PER_TRY = Duration.ofSeconds(10);
    private static ScriptedSmtpServer server;
    private static SmtpConnection connection;

    @BeforeContainer
    static void start() throws IOException {
        server = new ScriptedSmtpServer().start();
        connection = ClientFixtures.clientFor(server).build().connect();
    }

    @AfterContainer
    static void stop() {
        connection.close();
        server.close();
    }

    @Provide
    Arbitrary<byte[]> contents() {
        // Mostly the bytes that matter (dots, CR, LF), some letters and some 8-bit bytes, so that every
        // combination of line ends and leading dots comes up.
        Arbitrary<Byte> interesting = Arbitraries.of((byte) '.', (byte) '\r', (byte) '\n', (byte) 'a', (byte) ' ');
        Arbitrary<Byte> any = Arbitraries.bytes();
        Arbitrary<Byte> oneByte = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, interesting), net.jqwik.api.Tuple.of(2, any));
        return oneByte.list().ofMinSize(1).ofMaxSize(300).map(DotStuffingPropertyTest::toArray);
    }

    @Property(tries = 300)
    void contentArrivesNormalisedAndTheTerminatorIsUnique(@ForAll("contents") byte[] content) throws IOException {
        // jqwik does not apply the JUnit timeout: each try gets its own.
        RecordedMessage m = assertTimeoutPreemptively(PER_TRY, () -> {
            connection.send(ClientFixtures.envelope(), MailContent.of(content));
            return server.takeMessage();
        });
        assertArrayEquals(normalised(content), m.data());
        byte[] raw = m.rawData();
        assertEquals(raw.length == 3 ? -1 : raw.length - 5, indexOfCrLfDotCrLf(raw), "terminator before the end");
    }

    /** The content with CRLF, bare CR and bare LF each made CRLF, and CRLF added when it does not end with one. */
    static byte[] normalised(byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < content.length; i++) {
            byte b = content[i];
            if (b == '\r') {
                if (i + 1 < content.length && content[i + 1] == '\n') {
                    i++;
                }
                out.write('\r');
                out.write('\n');
            } else if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else {
                out.write(b);
            }
        }
        byte[] bytes = out.toByteArray();
        int n = bytes.length;
        if (n >= 2 && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') {
            return bytes;
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    private static int indexOfCrLfDotCrLf(byte[] raw) {
        for (int i = 0; i + 5 <= raw.length; i++) {
            if (raw[i] == '\r' && raw[i + 1] == '\n' && raw[i + 2] == '.' && raw[i + 3] == '\r' && raw[i + 4] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static byte[] toArray(List<Byte> list) {
        byte[] bytes = new byte[list.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = list.get(i);
        }
        return bytes;
    }
}
