package io.github.mailback.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.ErrorStatus;
import ch.qos.logback.core.status.InfoStatus;
import ch.qos.logback.core.status.OnConsoleStatusListener;
import ch.qos.logback.core.status.WarnStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class StatusEchoTest {
    private final LoggerContext context = new LoggerContext();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final EngineFixture.FakeClock clock = new EngineFixture.FakeClock();
    private final StatusEcho echo = new StatusEcho(context, new PrintStream(printed, true, StandardCharsets.UTF_8), clock);

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void warningsAndErrorsArePrintedWhenTheStartedContextHasNoStatusListener() {
        echo.status(new InfoStatus("verifyOnStart: works", this));
        echo.status(new WarnStatus("Could not mail 1 error event(s), will retry: refused", this));
        echo.status(new ErrorStatus("Gave up mailing 1 error event(s)", this, new java.io.IOException("x")));
        String out = printed();
        assertTrue(!out.contains("verifyOnStart"), out);
        assertTrue(out.contains(" |-WARN in mailback - Could not mail 1 error event(s), will retry: refused\n"), out);
        assertTrue(out.contains(" |-ERROR in mailback - Gave up mailing 1 error event(s)\n\tjava.io.IOException: x\n"), out);
    }

    @Test
    void nothingIsPrintedWhileAnotherListenerShowsStatuses() {
        OnConsoleStatusListener listener = new OnConsoleStatusListener();
        listener.setContext(context);
        context.getStatusManager().add(listener);
        echo.status(new WarnStatus("Spring Boot or a statusListener prints it", this));
        assertEquals("", printed());
    }

    @Test
    void atMostTenAMinuteThenWhatWasHeldIsCounted() {
        for (int i = 0; i < 12; i++) {
            echo.status(new WarnStatus("warning " + i, this));
        }
        assertEquals(10, printed().lines().count());
        clock.advance(Duration.ofMinutes(1));
        echo.status(new WarnStatus("warning 12", this));
        assertTrue(printed().endsWith("warning 12 (2 more held back before this one)\n"), printed());
    }
}
