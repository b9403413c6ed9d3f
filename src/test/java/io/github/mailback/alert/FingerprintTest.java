package io.github.mailback.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class FingerprintTest {
    private final LoggerContext context = new LoggerContext();

    private LoggingEvent event(String logger, String template, Throwable t, Object... args) {
        return new LoggingEvent(Logger.class.getName(), context.getLogger(logger), Level.ERROR, template, t, args);
    }

    private static Throwable thrownAt(String cls, String method, int line, Throwable cause) {
        IllegalStateException e = new IllegalStateException("wrapped", cause);
        e.setStackTrace(new StackTraceElement[] {new StackTraceElement(cls, method, "F.java", line)});
        return e;
    }

    private static IOException rootAt(int line) {
        IOException e = new IOException("disk " + line);
        e.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("java.io.FileOutputStream", "writeBytes", "FileOutputStream.java", 10),
            new StackTraceElement("com.example.Store", "save", "Store.java", line),
            new StackTraceElement("com.example.Api", "post", "Api.java", line + 1),
        });
        return e;
    }

    @Test
    void withoutThrowableTheTemplateCountsNotTheArguments() {
        assertEquals(Fingerprint.of(event("a.B", "user {} failed", null, "alice")),
                Fingerprint.of(event("a.B", "user {} failed", null, "bob")));
        assertNotEquals(Fingerprint.of(event("a.B", "user {} failed", null, "alice")),
                Fingerprint.of(event("a.C", "user {} failed", null, "alice")));
    }

    @Test
    void withThrowableTheRootCauseAndApplicationFramesCountNotLineNumbersOrMessages() {
        String one = Fingerprint.of(event("x", "a", thrownAt("com.example.Web", "handle", 1, rootAt(40))));
        String two = Fingerprint.of(event("y", "b", thrownAt("com.example.Other", "run", 9, rootAt(77))));
        assertEquals(one, two);
        assertFalse(one.contains("40"), one);
        assertFalse(one.contains("FileOutputStream"), "library frames are skipped: " + one);
    }

    @Test
    void aDifferentRootCauseClassIsADifferentGroup() {
        IOException io = rootAt(1);
        java.io.UncheckedIOException other = new java.io.UncheckedIOException(io);
        other.setStackTrace(io.getStackTrace());
        assertNotEquals(Fingerprint.of(event("x", "a", thrownAt("c.W", "h", 1, io))),
                Fingerprint.of(event("x", "a", new IllegalStateException(new IllegalArgumentException()))));
    }
}
