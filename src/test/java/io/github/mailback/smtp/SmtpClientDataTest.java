package io.github.mailback.smtp;

import static io.github.mailback.smtp.ClientFixtures.clientFor;
import static io.github.mailback.smtp.ClientFixtures.envelope;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.github.mailback.testing.RecordedMessage;
import io.github.mailback.testing.ScriptedSmtpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 2, point 7: DATA content. Each case states the content given, what must cross the wire (dot-stuffed,
 * CRLF only, one terminator) and what the server stores.
 */
@Timeout(30)
class SmtpClientDataTest {
    private ScriptedSmtpServer server;

    @BeforeEach
    void start() throws IOException {
        server = new ScriptedSmtpServer().start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private RecordedMessage send(String content) throws IOException {
        clientFor(server).build().send(envelope(), ClientFixtures.text(content));
        return server.takeMessage();
    }

    private static String raw(RecordedMessage m) {
        return new String(m.rawData(), StandardCharsets.UTF_8);
    }

    @Test
    void bodyThatIsOneDotAloneIsStuffed() throws IOException {
        RecordedMessage m = send(".");
        assertEquals("..\r\n.\r\n", raw(m));
        assertEquals(".\r\n", m.dataAsString());
    }

    @Test
    void linesStartingWithDotsGetOneMoreDot() throws IOException {
        RecordedMessage m = send("a\r\n.b\r\n..c\r\n...\r\nd.e\r\n");
        assertEquals("a\r\n..b\r\n...c\r\n....\r\nd.e\r\n.\r\n", raw(m));
        assertEquals("a\r\n.b\r\n..c\r\n...\r\nd.e\r\n", m.dataAsString());
    }

    @Test
    void dotLineBetweenBareLineFeedsDoesNotEndTheMessage() throws IOException {
        RecordedMessage m = send("x\n.\ny");
        assertEquals("x\r\n..\r\ny\r\n.\r\n", raw(m));
        assertEquals("x\r\n.\r\ny\r\n", m.dataAsString());
    }

    @Test
    void dotLineBetweenCrLfsDoesNotEndTheMessage() throws IOException {
        RecordedMessage m = send("x\r\n.\r\ny");
        assertEquals("x\r\n..\r\ny\r\n.\r\n", raw(m));
        assertEquals("x\r\n.\r\ny\r\n", m.dataAsString());
    }

    @Test
    void bareCarriageReturnsBecomeCrLf() throws IOException {
        RecordedMessage m = send("a\rb\r.\rc");
        assertEquals("a\r\nb\r\n..\r\nc\r\n.\r\n", raw(m));
        assertEquals("a\r\nb\r\n.\r\nc\r\n", m.dataAsString());
    }

    @Test
    void missingFinalNewlineIsAdded() throws IOException {
        RecordedMessage m = send("no newline at the end");
        assertEquals("no newline at the end\r\n.\r\n", raw(m));
    }

    @Test
    void finalCrLfIsNotDoubled() throws IOException {
        assertEquals("ends well\r\n.\r\n", raw(send("ends well\r\n")));
    }

    @Test
    void smugglingASecondMessageIsImpossible() throws IOException {
        // CVE-2023-51764: "\n.\r\n" or "\r\n.\n" is an end of data to some servers; then MAIL FROM starts a second message.
        String payload = "Subject: one\r\n\r\nbody\n.\r\nMAIL FROM:<evil@example.com>\r\nRCPT TO:<victim@example.com>\r\n"
                + "DATA\r\n\r\nsmuggled\r\n.\n\rMAIL FROM:<evil@example.com>\r\n";
        RecordedMessage m = send(payload);
        assertEquals(1, server.messages().size());
        String raw = raw(m);
        assertEquals(raw.length() - 5, raw.indexOf("\r\n.\r\n"), "terminator before the end: " + raw);
        assertFalse(raw.replace("\r\n", "").contains("\r") || raw.replace("\r\n", "").contains("\n"),
                "bare CR or LF on the wire: " + raw);
        assertFalse(server.verbs().subList(0, server.verbs().size()).stream().filter("MAIL"::equals).count() > 1);
    }

    @Test
    void eightBitAndNulBytesPassUnchanged() throws IOException {
        byte[] content = {'a', (byte) 0xC3, (byte) 0xA9, 0, 'b', '\r', '\n'};
        clientFor(server).build().send(envelope(), MailContent.of(content));
        assertArrayEquals(content, server.takeMessage().data());
    }

    @Test
    void contentIsStreamedInPiecesAcrossLineEnds() throws IOException {
        // Line ends and dots split across write calls must be handled as if written at once.
        MailContent pieces = new MailContent() {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                for (byte b : "a\r".getBytes(StandardCharsets.US_ASCII)) {
                    out.write(b);
                }
                out.write("\n.".getBytes(StandardCharsets.US_ASCII));
                out.write(".x\r".getBytes(StandardCharsets.US_ASCII));
                out.write('\n');
                out.write('.');
            }

            @Override
            public boolean eightBit() {
                return false;
            }
        };
        clientFor(server).build().send(envelope(), pieces);
        RecordedMessage m = server.takeMessage();
        assertEquals("a\r\n...x\r\n..\r\n.\r\n", raw(m));
        assertEquals("a\r\n..x\r\n.\r\n", m.dataAsString());
    }

    @Test
    void aLargeMessageArrivesWhole() throws IOException {
        byte[] content = new byte[3 * 1024 * 1024];
        Random random = new Random(42);
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) ('a' + random.nextInt(26));
            if (i % 77 == 76) {
                content[i - 1] = '\r';
                content[i] = '\n';
            }
        }
        content[content.length - 2] = '\r';
        content[content.length - 1] = '\n';
        clientFor(server).build().send(envelope(), MailContent.of(content));
        assertArrayEquals(content, server.takeMessage().data());
    }
}
