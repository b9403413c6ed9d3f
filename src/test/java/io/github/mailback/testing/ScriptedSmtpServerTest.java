package io.github.mailback.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The test server itself, driven by hand over a raw socket, so that client tests can trust what it records. */
@Timeout(20)
class ScriptedSmtpServerTest {

    private static List<String> reply(BufferedReader in) throws IOException {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = in.readLine();
            lines.add(line);
        } while (line != null && line.length() > 3 && line.charAt(3) == '-');
        return lines;
    }

    @Test
    void recordsPipelinedEnvelopeAndBothFormsOfTheContent() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().start();
             Socket socket = new Socket(server.host(), server.port())) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            assertTrue(reply(in).get(0).startsWith("220 "));
            out.write("EHLO me\r\n".getBytes(StandardCharsets.US_ASCII));
            List<String> ehlo = reply(in);
            assertTrue(ehlo.contains("250-PIPELINING"), ehlo.toString());
            out.write("MAIL FROM:<a@example.com> SIZE=10\r\nRCPT TO:<b@example.com>\r\nDATA\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("250 2.1.0 Ok", reply(in).get(0));
            assertEquals("250 2.1.5 Ok", reply(in).get(0));
            assertTrue(reply(in).get(0).startsWith("354"));
            out.write("..one\r\ntwo\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(reply(in).get(0).startsWith("250 2.0.0 Ok"));
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(reply(in).get(0).startsWith("221"));

            RecordedMessage m = server.takeMessage();
            assertEquals("a@example.com", m.from());
            assertEquals(List.of("SIZE=10"), m.mailParameters());
            assertEquals(List.of("b@example.com"), m.recipients());
            assertArrayEquals("..one\r\ntwo\r\n.\r\n".getBytes(StandardCharsets.US_ASCII), m.rawData());
            assertEquals(".one\r\ntwo\r\n", m.dataAsString());
            assertTrue(server.commandBatches().contains(
                    List.of("MAIL FROM:<a@example.com> SIZE=10", "RCPT TO:<b@example.com>", "DATA")),
                    server.commandBatches().toString());
        }
    }

    @Test
    void onlyCrLfDotCrLfEndsTheContent() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().start();
             Socket socket = new Socket(server.host(), server.port())) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            reply(in);
            out.write("HELO me\r\nMAIL FROM:<>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n".getBytes(StandardCharsets.US_ASCII));
            reply(in);
            reply(in);
            reply(in);
            reply(in);
            out.write("a\n.\nb\r.\rc\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
            reply(in);
            assertEquals("a\n.\nb\r.\rc\r\n", server.takeMessage().dataAsString());
        }
    }

    @Test
    void scriptedRepliesAndStartTlsWithInjection() throws IOException {
        TestCertificates certs = TestCertificates.get();
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().startTls(certs.serverContext())
                .capabilitiesAfterTls("AFTER-TLS").injectAfterStartTls("250 INJECTED\r\n")
                .on(SmtpStage.RCPT, "bad@example.com").reply("550 5.1.1 No such user").start();
             Socket plain = new Socket(server.host(), server.port())) {
            BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.US_ASCII));
            reply(in);
            plain.getOutputStream().write("EHLO me\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(reply(in).contains("250 STARTTLS"));
            plain.getOutputStream().write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("220 2.0.0 Ready to start TLS", in.readLine());
            assertEquals("250 INJECTED", in.readLine());
            SSLSocket tls = (SSLSocket) certs.clientContext().getSocketFactory()
                    .createSocket(plain, "localhost", server.port(), true);
            BufferedReader tin = new BufferedReader(new InputStreamReader(tls.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream tout = tls.getOutputStream();
            tout.write("EHLO me\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<bad@example.com>\r\n".getBytes(StandardCharsets.US_ASCII));
            List<String> ehlo = reply(tin);
            assertEquals("250 AFTER-TLS", ehlo.get(ehlo.size() - 1));
            assertEquals("250 2.1.0 Ok", reply(tin).get(0));
            assertEquals("550 5.1.1 No such user", reply(tin).get(0));
            assertTrue(server.awaitCommand("RCPT").encrypted());
        }
    }
}
