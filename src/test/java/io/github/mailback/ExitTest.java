package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.internet.MimeMessage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
            Path output = Files.createTempFile("mailback-child", ".log");
            try {
                String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                        "-DsmtpPort=" + server.port(), ExitAfterError.class.getName(), config)
                        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
                boolean exited = child.waitFor(60, TimeUnit.SECONDS);
                if (!exited) {
                    child.destroyForcibly();
                }
                String log = Files.readString(output);
                assertTrue(exited, "the child did not exit: " + log);
                assertEquals(3, child.exitValue(), log);

                List<MimeMessage> messages = server.messages();
                assertEquals(1, messages.size(), log);
                assertEquals(1, MailServer.events(messages.get(0)));
                assertTrue(MailServer.subject(messages.get(0)).contains("fatal: cannot open the database"));
                assertTrue(MailServer.body(messages.get(0)).contains("java.lang.IllegalStateException: no database"));
            } finally {
                Files.deleteIfExists(output);
                new File(output.toString()).delete();
            }
        }
    }
}
