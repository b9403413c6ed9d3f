package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.boolex.OnErrorEvaluator;
import ch.qos.logback.classic.boolex.OnMarkerEvaluator;
import ch.qos.logback.classic.html.HTMLLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.pattern.PatternLayoutBase;
import ch.qos.logback.core.spi.CyclicBufferTracker;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The getters code written for Logback's SMTPAppender calls, with its spellings and types. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class LogbackGettersTest {
    private final LoggerContext context = new LoggerContext();

    LogbackGettersTest() {
        context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());
    }

    private SmtpAppender appender() {
        SmtpAppender a = new SmtpAppender();
        a.setContext(context);
        return a;
    }

    @Test
    void logbacksSpellingsReturnWhatWasSet() throws Exception {
        SmtpAppender a = appender();
        a.setSMTPHost("smtp.example.com");
        a.setSmtpPort(2525);
        a.setUsername("alerts");
        a.setPassword("s3cret");
        a.setSTARTTLS(true);
        HTMLLayout layout = new HTMLLayout();
        a.setLayout(layout);
        OnMarkerEvaluator evaluator = new OnMarkerEvaluator();
        a.setEvaluator(evaluator);

        assertEquals("smtp.example.com", a.getSMTPHost());
        assertEquals("smtp.example.com", a.getSmtpHost());
        assertEquals(2525, a.getSMTPPort());
        assertEquals("alerts", a.getUsername());
        assertEquals("s3cret", a.getPassword());
        assertTrue(a.isSTARTTLS());
        assertEquals(false, a.isSSL());
        assertSame(layout, a.getLayout());
        assertSame(evaluator, a.getEvaluator());
        // The class itself, as code typed against Logback's appender reaches it.
        assertEquals(String.class, SmtpAppender.class.getMethod("getSMTPHost").getReturnType());
        assertEquals(int.class, SmtpAppender.class.getMethod("getSMTPPort").getReturnType());
    }

    @Test
    void withoutAPortTheOneInUseIsReported() {
        SmtpAppender a = appender();
        assertEquals(25, a.getSMTPPort());
        a.setSTARTTLS(true);
        assertEquals(587, a.getSMTPPort());
        a.setSTARTTLS(false);
        a.setSSL(true);
        assertEquals(465, a.getSmtpPort());
    }

    @Test
    void getToListGivesOneStartedPatternLayoutPerToElementReadOnly() {
        SmtpAppender a = appender();
        a.addTo("%X{team:-ops}@example.com");
        a.addTo("lead@example.com, cto@example.com");
        List<PatternLayoutBase<ILoggingEvent>> list = a.getToList();
        assertEquals(2, list.size());
        assertEquals("%X{team:-ops}@example.com", list.get(0).getPattern());
        LoggingEvent e = new LoggingEvent("x", context.getLogger("x"), Level.ERROR, "m", null, null);
        assertEquals("ops@example.com", list.get(0).doLayout(e));
        assertEquals("lead@example.com, cto@example.com", list.get(1).doLayout(e));
        assertThrows(UnsupportedOperationException.class, () -> list.add(null));
        assertEquals(List.of("%X{team:-ops}@example.com", "lead@example.com, cto@example.com"), a.getToAsListOfString());
    }

    @Test
    void theDefaultEvaluatorAndTrackerAreThereNeverNull() {
        SmtpAppender a = appender();
        assertTrue(a.getEvaluator() instanceof OnErrorEvaluator, String.valueOf(a.getEvaluator()));
        assertSame(a.getEvaluator(), a.getEvaluator());
        CyclicBufferTracker<ILoggingEvent> tracker = a.getCyclicBufferTracker();
        assertNotNull(tracker);
        assertEquals(256, tracker.getBufferSize(), "Logback's default");
        CyclicBufferTracker<ILoggingEvent> mine = new CyclicBufferTracker<>();
        mine.setBufferSize(3);
        a.setCyclicBufferTracker(mine);
        assertSame(mine, a.getCyclicBufferTracker());
        a.setCyclicBufferTracker(null);
        assertNotNull(a.getCyclicBufferTracker());
    }

    @Test
    void jndiSettingsAreKeptForTheirGettersThoughUnsupported() {
        SmtpAppender a = appender();
        a.setJndiLocation("java:comp/env/mail/Other");
        assertEquals("java:comp/env/mail/Other", a.getJndiLocation());
        assertTrue(a.isSessionViaJNDI());
    }

    /** Every property has a getter that returns what was set, as Logback's appender has for its own. */
    @Test
    void everyPropertyReadsBackWhatWasSet() throws Exception {
        SmtpAppender a = appender();
        List<String> checked = new java.util.ArrayList<>();
        for (java.lang.reflect.Method m : SmtpAppenderProperties.class.getDeclaredMethods()) {
            String name = m.getName();
            boolean adder = name.startsWith("add");
            if (!java.lang.reflect.Modifier.isPublic(m.getModifiers()) || m.getParameterCount() != 1
                    || !(adder || name.startsWith("set")) || name.equals(name.toUpperCase(java.util.Locale.ROOT))) {
                continue;
            }
            String property = name.substring(3);
            Class<?> type = m.getParameterTypes()[0];
            Object value = type == String.class ? "v-" + property : type == int.class ? 7
                    : type == boolean.class ? !defaultOf(a, property) : null;
            if (value == null || property.startsWith("SMTP")) {
                continue; // objects (layout, evaluator...) are checked above; SMTPHost and SMTPPort are aliases
            }
            m.invoke(a, value);
            Object read = getter(property, adder).invoke(a);
            if (adder) {
                assertTrue(((List<?>) read).contains(value), property + ": " + read);
            } else {
                assertEquals(value, read, property);
            }
            checked.add(property);
        }
        assertTrue(checked.size() >= 30, checked::toString);
    }

    private static java.lang.reflect.Method getter(String property, boolean adder) throws NoSuchMethodException {
        for (String name : adder ? List.of("get" + property + "s", "get" + property, "get" + property + "AsListOfString")
                : List.of("get" + property, "is" + property)) {
            try {
                return SmtpAppenderProperties.class.getMethod(name);
            } catch (NoSuchMethodException e) {
                // try the next spelling
            }
        }
        throw new NoSuchMethodException("no getter for " + property);
    }

    private static boolean defaultOf(SmtpAppender a, String property) throws Exception {
        return (Boolean) getter(property, false).invoke(a);
    }
}
