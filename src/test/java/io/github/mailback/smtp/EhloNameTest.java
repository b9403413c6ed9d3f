package io.github.mailback.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.mailback.testing.ScriptedSmtpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11, part 4: the default EHLO name is this machine's fully qualified name when it has one, else
 * the address literal of the connection's own end (RFC 5321 section 4.1.3), never a loopback guess.
 */
@Timeout(30)
class EhloNameTest {

    private static String literalOfAConnectionTo(ScriptedSmtpServer server) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(server.host(), server.port()), 5000);
            return new SmtpWire(s, null).localAddressLiteral();
        }
    }

    @Test
    void theAddressLiteralIsThatOfTheConnectionsOwnEnd() throws IOException {
        try (ScriptedSmtpServer v4 = new ScriptedSmtpServer().start();
                ScriptedSmtpServer v6 = new ScriptedSmtpServer(InetAddress.getByName("::1")).start()) {
            assertEquals("[127.0.0.1]", literalOfAConnectionTo(v4));
            assertEquals("[IPv6:0:0:0:0:0:0:0:1]", literalOfAConnectionTo(v6));
        }
    }

    @Test
    void withoutAHeloNameTheClientSaysTheDefaultOrTheLiteral() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().start()) {
            SmtpClient.builder().host(server.host()).port(server.port()).readTimeout(Duration.ofSeconds(5)).build()
                    .connect().close();
            String name = SmtpClient.defaultHeloName();
            assertEquals("EHLO " + (name != null ? name : "[127.0.0.1]"), server.commandLines().get(0));
        }
    }
}
