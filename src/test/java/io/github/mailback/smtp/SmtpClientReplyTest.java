package io.github.mailback.smtp;

import static io.github.mailback.smtp.ClientFixtures.FROM;
import static io.github.mailback.smtp.ClientFixtures.clientFor;
import static io.github.mailback.smtp.ClientFixtures.envelope;
import static io.github.mailback.smtp.ClientFixtures.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mailback.testing.ScriptedSmtpServer;
import io.github.mailback.testing.SmtpStage;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 2, point 8: replies are parsed whole (multi-line, enhanced codes) and bounded. */
@Timeout(30)
class SmtpClientReplyTest {

    @Test
    void multiLineReplyWithEnhancedCodesIsParsed() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.RCPT, "gone")
                .reply("550-5.1.1 The email account that you tried to reach does not exist.\n"
                        + "550-5.1.1 Please try double-checking the recipient's email\n550 5.1.1 address.").start()) {
            SendResult r = clientFor(server).build().send(Envelope.of(FROM, "gone@example.com", "ok@example.com"),
                    message("x"));
            SmtpReply reply = r.refused().get("gone@example.com");
            assertEquals(550, reply.code());
            assertEquals("5.1.1", reply.enhancedCode());
            assertEquals(List.of("The email account that you tried to reach does not exist.",
                    "Please try double-checking the recipient's email", "address."), reply.lines());
        }
    }

    @Test
    void multiLineGreetingIsAccepted() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()
                .on(SmtpStage.GREETING).reply("220-scripted.test ESMTP\n220-No UCE\n220 Ready").start();
             SmtpConnection c = clientFor(server).build().connect()) {
            assertTrue(c.isUsable());
        }
    }

    @Test
    void replyWithoutEnhancedCodeHasNone() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.DATA_END).reply("250 Queued fine").start()) {
            SendResult r = clientFor(server).build().send(envelope(), message("x"));
            assertNull(r.dataReply().enhancedCode());
            assertEquals("Queued fine", r.dataReply().text());
        }
    }

    @Test
    void tenMegabyteReplyLineIsAProtocolErrorNotAnOutOfMemory() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.EHLO).hugeReplyLine(10L << 20).start()) {
            SmtpException e = assertThrows(SmtpException.class, () -> clientFor(server).build().connect());
            assertProtocolError("reply line longer than 8192 octets", e);
            assertNull(e.reply());
            assertFalse(server.verbs().contains("MAIL"));
        }
    }

    @Test
    void tenMegabyteReplyLineToMailFailsTheSendAndClosesTheConnection() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.MAIL).hugeReplyLine(10L << 20).start();
             SmtpConnection c = clientFor(server).build().connect()) {
            SmtpException e = assertThrows(SmtpException.class, () -> c.send(envelope(), message("x")));
            assertProtocolError("reply line longer than 8192 octets", e);
            assertFalse(c.isOpen());
            assertFalse(c.isUsable());
        }
    }

    @Test
    void replyLineOfSixteenKilobytesIsRefused() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.EHLO).hugeReplyLine(16 * 1024).start()) {
            assertProtocolError("reply line longer than 8192 octets",
                    assertThrows(SmtpException.class, () -> clientFor(server).build().connect()));
        }
    }

    @Test
    void replyLineOfAThousandOctetsIsFine() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.NOOP).hugeReplyLine(1000).start();
             SmtpConnection c = clientFor(server).build().connect()) {
            assertTrue(c.isUsable());
        }
    }

    @Test
    void fiveHundredContinuationLinesAreRefused() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer()
                .on(SmtpStage.EHLO).reply(ScriptedSmtpServer.multiLineReply(250, 500)).start()) {
            SmtpException e = assertThrows(SmtpException.class, () -> clientFor(server).build().connect());
            assertProtocolError("reply longer than 128 lines", e);
            assertNull(e.reply());
        }
    }

    @Test
    void endlessContinuationLinesAreRefused() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.EHLO).endlessContinuation().start()) {
            assertProtocolError("reply longer than 128 lines",
                    assertThrows(SmtpException.class, () -> clientFor(server).build().connect()));
        }
    }

    @Test
    void malformedReplyIsAProtocolError() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.MAIL).reply("hello, I am not SMTP").start();
             SmtpConnection c = clientFor(server).build().connect()) {
            SmtpException e = assertThrows(SmtpException.class, () -> c.send(envelope(), message("x")));
            assertProtocolError("malformed reply line", e);
            assertNull(e.reply());
            assertFalse(c.isOpen(), "after a protocol error the session is out of step and must be dropped");
        }
    }

    @Test
    void replyCodeOutOfRangeIsAProtocolError() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.GREETING).reply("999 what").start()) {
            assertProtocolError("reply code out of range",
                    assertThrows(SmtpException.class, () -> clientFor(server).build().connect()));
        }
    }

    @Test
    void continuationLinesThatChangeTheCodeAreAProtocolError() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.EHLO)
                .reply("250-scripted.test\n550 PIPELINING").start()) {
            assertProtocolError("reply lines disagree on the code",
                    assertThrows(SmtpException.class, () -> clientFor(server).build().connect()));
        }
    }

    @Test
    void greeting554MeansNoServiceAndIsPermanent() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().on(SmtpStage.GREETING)
                .reply("554 5.3.2 No SMTP service here").start()) {
            SmtpException e = assertThrows(SmtpException.class, () -> clientFor(server).build().connect());
            assertEquals(554, e.code());
            assertFalse(e.isTransient());
            assertTrue(server.verbs().isEmpty() || !server.verbs().contains("MAIL"));
        }
    }

    /**
     * The failure is the protocol error named, not another SmtpException (a timeout, a closed
     * connection) that would let the test pass for the wrong reason.
     */
    private static void assertProtocolError(String what, SmtpException e) {
        assertTrue(e.getMessage().contains("protocol error: " + what), e::getMessage);
        assertTrue(e.isTransient());
    }
}
