package io.github.mailback.smtp;

import io.github.mailback.testing.ScriptedSmtpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Shared set-up for client tests: a client aimed at a scripted server with short timeouts. */
final class ClientFixtures {
    static final String FROM = "app@example.com";
    static final String TO = "ops@example.com";

    private ClientFixtures() {
    }

    /** A client for the server with timeouts short enough for tests but long enough for a slow CI machine. */
    static SmtpClient.Builder clientFor(ScriptedSmtpServer server) {
        return SmtpClient.builder().host(server.host()).port(server.port()).heloName("client.test")
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(5))
                .messageTimeout(Duration.ofSeconds(20));
    }

    static Envelope envelope() {
        return Envelope.of(FROM, TO);
    }

    static MailContent text(String content) {
        return MailContent.of(content.getBytes(StandardCharsets.UTF_8));
    }

    static MailContent message(String body) {
        return text("Subject: test\r\nFrom: <" + FROM + ">\r\nTo: <" + TO + ">\r\n\r\n" + body);
    }
}
