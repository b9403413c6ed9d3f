package io.github.mailback.spring.actuate;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.github.mailback.SmtpAppender;
import io.github.mailback.spring.actuate.MailHealth.State;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The health of mailing, from what real appenders know after their check at start: nothing connects. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MailHealthTest {
    private final LoggerContext context = new LoggerContext();
    private GreenMail greenMail;
    private SmtpAppender appender;

    @BeforeEach
    void start() {
        context.setMDCAdapter(new LogbackMDCAdapter());
        context.start();
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    @AfterEach
    void stop() {
        if (appender != null) {
            appender.stop();
        }
        greenMail.stop();
        context.stop();
    }

    @Test
    void downSaysWhyWhenTheCheckAtStartFailed() throws IOException {
        appender = appender(closedPort(), true);
        awaitCheckAtStart();
        MailHealth health = MailHealth.of(List.of(appender));
        Map<?, ?> details = (Map<?, ?>) health.details().get("mailback");
        assertAll(
                () -> assertEquals(State.DOWN, health.state()),
                () -> assertTrue(health.reason().startsWith("mailback: the check at start failed: "), health.reason()),
                () -> assertTrue(health.reason().contains("Connection refused"), health.reason()),
                () -> assertEquals("DOWN", details.get("status")),
                () -> assertTrue(details.containsKey("checkAtStart")));
    }

    @Test
    void upWhenTheCheckAtStartWorkedWithoutConnectingAgain() {
        appender = appender(greenMail.getSmtp().getPort(), true);
        awaitCheckAtStart();
        int port = greenMail.getSmtp().getPort();
        greenMail.stop(); // a health request that connected would find no server now
        MailHealth health = MailHealth.of(List.of(appender));
        assertAll(
                () -> assertEquals(State.UP, health.state()),
                () -> assertNull(health.reason()),
                () -> assertEquals("127.0.0.1:" + port,
                        ((Map<?, ?>) health.details().get("mailback")).get("server")));
    }

    @Test
    void unknownBeforeAnyOutcomeAndDownOnceStopped() {
        appender = appender(greenMail.getSmtp().getPort(), false);
        MailHealth before = MailHealth.of(List.of(appender));
        appender.stop();
        MailHealth stopped = MailHealth.of(List.of(appender));
        assertAll(
                () -> assertEquals(State.UNKNOWN, before.state()),
                () -> assertTrue(before.reason().contains("no check at start and no email yet"), before.reason()),
                () -> assertEquals(State.DOWN, stopped.state()),
                () -> assertEquals(State.UNKNOWN, MailHealth.of(List.of()).state()));
    }

    private SmtpAppender appender(int port, boolean verifyOnStart) {
        SmtpAppender a = new SmtpAppender();
        a.setContext(context);
        a.setName("mailback");
        a.setSmtpHost("127.0.0.1");
        a.setSmtpPort(port);
        a.addTo("oncall@example.com");
        a.setVerifyOnStart(verifyOnStart);
        a.setRegisterShutdownHook(false);
        a.start();
        return a;
    }

    private void awaitCheckAtStart() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (appender.getMailStatus().startCheck() == null) {
            assertTrue(System.nanoTime() - deadline < 0, "no check at start within 20 s");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
