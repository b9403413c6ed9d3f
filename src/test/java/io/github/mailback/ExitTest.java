package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.internet.MimeMessage;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An application that logs its fatal error and calls System.exit right away still gets the email. */
class ExitTest {
    @ParameterizedTest
    @ValueSource(strings = {"/logback/exit.xml", "/logback/exit-with-logback-hook.xml"})
    @Timeout(90)
    void theEmailGoesOutWhenTheJvmExitsRightAfterTheError(String config) throws Exception {
        try (MailServer server = MailServer.start()) {
            ChildJvm child = ChildJvm.run(ExitAfterError.class, server.port(), config);
            String log = child.output();
            assertEquals(3, child.exitCode(), log);

            List<MimeMessage> messages = server.messages();
            assertEquals(1, messages.size(), log);
            assertEquals(1, MailServer.events(messages.get(0)));
            // The default subject: the root cause, then the application frame that threw it.
            assertTrue(MailServer.subject(messages.get(0)).startsWith("IllegalStateException: no database (ExitAfterError."),
                    MailServer.subject(messages.get(0)));
            assertTrue(MailServer.body(messages.get(0)).contains("java.lang.IllegalStateException: no database"));
        }
    }
}
