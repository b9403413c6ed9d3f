package io.github.mailback.spring;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.github.mailback.SmtpAppender;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The starter's appender across Logback resets, in a LoggerContext of the test's own, with the calls
 * Spring Boot makes: a re-initialisation (stop, reset, configure) keeps the appender, its pending events
 * and one forwarder on the root logger, and sends nothing; the final stop sends the final digest.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RootAttachmentTest {
    private GreenMail greenMail;
    private LoggerContext context;
    private Logger log;

    @BeforeEach
    void start() {
        greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        context = new LoggerContext();
        context.setName("test");
        context.setMDCAdapter(new LogbackMDCAdapter()); // SLF4J sets it on its own context only
        context.start();
        log = context.getLogger("io.github.mailback.spring.test");
    }

    @AfterEach
    void stop() {
        RootAttachment attachment = RootAttachment.current(context);
        if (attachment != null) {
            attachment.close();
        }
        context.stop();
        greenMail.stop();
    }

    @Test
    void aSpringBootReinitialisationKeepsTheAppenderAndWhatItHolds() throws Exception {
        SmtpAppender appender = appender();
        RootAttachment attachment = RootAttachment.attach(context, appender, settings());
        logErrors(3);

        // What LogbackLoggingSystem.initialize does, announced by LoggingReinitialisationListener.
        attachment.expectReinitialisation();
        context.stop();
        context.reset();
        log.error("logged between the reset and the configuration");
        configureAsLogbackWould();
        log.error("logged during the configuration");
        context.start();
        attachment.reinitialised();
        log.error("logged after the re-initialisation");
        awaitHeld(appender, 6); // the sender thread takes them in its own time

        assertAll(
                () -> assertSame(attachment, RootAttachment.current(context)),
                () -> assertSame(appender, attachment.appender()),
                () -> assertTrue(appender.isStarted()),
                () -> assertEquals(6, appender.getTriggeringEvents()),
                () -> assertEquals(1, forwarders(), rootAppenders()),
                () -> assertEquals(1, listeners(attachment)),
                () -> assertEquals(0, greenMail.getReceivedMessages().length, "no final digest at a re-initialisation"));

        // The application's end: Spring Boot's shutdown handler stops the LoggerContext.
        context.stop();
        assertAll(
                () -> assertFalse(appender.isStarted()),
                () -> assertNull(RootAttachment.current(context)),
                () -> assertEquals(List.of(6L), eventsPerEmail(), "one final digest with every event"));
    }

    @Test
    void aLogbackResetAloneReattachesWithinTheReset() throws Exception {
        SmtpAppender appender = appender();
        RootAttachment.attach(context, appender, settings());
        logErrors(2);
        for (int i = 0; i < 3; i++) {
            context.reset(); // as Logback's scan does before it reads logback.xml again
            log.error("logged right after reset {}", i);
        }
        assertAll(
                () -> assertEquals(5, appender.getTriggeringEvents()),
                () -> assertEquals(1, forwarders(), rootAppenders()),
                () -> assertTrue(appender.isStarted()),
                () -> assertEquals(0, greenMail.getReceivedMessages().length));
    }

    @Test
    void aStopThatIsNotAnnouncedIsTheEnd() throws Exception {
        SmtpAppender appender = appender();
        RootAttachment.attach(context, appender, settings());
        logErrors(4);
        context.stop(); // a servlet container, or the application's own code
        assertAll(
                () -> assertFalse(appender.isStarted()),
                () -> assertNull(RootAttachment.current(context)),
                () -> assertEquals(List.of(4L), eventsPerEmail()));
    }

    @Test
    void aNewAppenderTakesOverAndTheOldOneSendsWhatItHeld() throws Exception {
        SmtpAppender first = appender();
        RootAttachment attachment = RootAttachment.attach(context, first, settings());
        logErrors(2);
        SmtpAppender second = appender();
        RootAttachment.attach(context, second, settings());
        logErrors(1);
        assertAll(
                () -> assertFalse(first.isStarted()),
                () -> assertSame(second, attachment.appender()),
                () -> assertEquals(1, second.getTriggeringEvents()),
                () -> assertEquals(1, forwarders(), rootAppenders()),
                () -> assertEquals(1, listeners(attachment)),
                () -> assertEquals(List.of(2L), eventsPerEmail()));
    }

    @Test
    void closingTakesEverythingOff() throws Exception {
        SmtpAppender appender = appender();
        RootAttachment attachment = RootAttachment.attach(context, appender, settings());
        logErrors(1);
        attachment.close();
        log.error("after the close");
        assertAll(
                () -> assertEquals(0, forwarders(), rootAppenders()),
                () -> assertEquals(0, listeners(attachment)),
                () -> assertFalse(appender.isStarted()),
                () -> assertEquals(List.of(1L), eventsPerEmail()));
    }

    /**
     * Re-initialisations while four threads log: never two forwarders, nothing sent before the end,
     * nothing counted twice; the end sends what was counted. (Events logged while Logback resets its
     * loggers reach no appender at all, ours no more than the console.)
     */
    @Test
    void reinitialisationsWhileOtherThreadsLog() throws Exception {
        SmtpAppender appender = appender();
        RootAttachment attachment = RootAttachment.attach(context, appender, settings());
        AtomicBoolean logging = new AtomicBoolean(true);
        List<CompletableFuture<Long>> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(CompletableFuture.supplyAsync(() -> {
                long n = 0;
                while (logging.get()) {
                    log.error("error {}", n++);
                }
                return n;
            }));
        }
        for (int i = 0; i < 20; i++) {
            attachment.expectReinitialisation();
            context.stop();
            context.reset();
            configureAsLogbackWould();
            context.start();
            attachment.reinitialised();
            assertEquals(1, forwarders(), rootAppenders());
        }
        logging.set(false);
        long sum = 0;
        for (CompletableFuture<Long> f : threads) {
            sum += f.get(10, TimeUnit.SECONDS);
        }
        long logged = sum;
        long counted = appender.getTriggeringEvents();
        assertEquals(0, greenMail.getReceivedMessages().length);
        context.stop();
        long reported = eventsPerEmail().stream().mapToLong(Long::longValue).sum();
        assertAll(
                () -> assertTrue(counted > 0 && counted <= logged, counted + " counted of " + logged),
                () -> assertEquals(counted, reported + appender.getEventsLost() + appender.getEventsFailed()
                        + appender.getEventsUncertain()));
    }

    private static void awaitHeld(SmtpAppender appender, long n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (appender.getEventsHeld() != n) {
            assertTrue(System.nanoTime() - deadline < 0, "held " + appender.getEventsHeld() + ", not " + n);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private SmtpAppender appender() {
        SmtpAppender a = new SmtpAppender();
        a.setContext(context);
        a.setName(RootAttachment.NAME);
        a.setSmtpHost("127.0.0.1");
        a.setSmtpPort(greenMail.getSmtp().getPort());
        a.addTo("oncall@example.com");
        a.setBatchWindow("1 hour"); // nothing is sent before a stop, unless something sends too early
        a.setVerifyOnStart(false);
        a.setRegisterShutdownHook(false);
        a.start();
        assertTrue(a.isStarted(), "the test appender did not start");
        return a;
    }

    private static ResolvedProperties settings() {
        return ResolvedProperties.resolve(ResolvedPropertiesTest.binder(Map.of("mailback.to", "oncall@example.com")), null);
    }

    /** What a configuration does: an appender of its own on the root logger. */
    private void configureAsLogbackWould() {
        ListAppender<ILoggingEvent> console = new ListAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(console);
    }

    private void logErrors(int n) {
        for (int i = 0; i < n; i++) {
            log.error("error {}", i, new IllegalStateException("store down"));
        }
    }

    private int forwarders() {
        int n = 0;
        for (Iterator<Appender<ILoggingEvent>> it = context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders(); it.hasNext();) {
            if (it.next() instanceof RootAttachment.Forwarder) {
                n++;
            }
        }
        return n;
    }

    private String rootAppenders() {
        List<String> names = new ArrayList<>();
        context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().forEachRemaining(a -> names.add(a.getName()));
        return names.toString();
    }

    private long listeners(RootAttachment attachment) {
        return context.getCopyOfListenerList().stream().filter(l -> l == attachment).count();
    }

    /** X-Mailback-Events of each email received, in order. */
    private List<Long> eventsPerEmail() throws MessagingException {
        List<Long> events = new ArrayList<>();
        for (MimeMessage m : greenMail.getReceivedMessages()) {
            events.add(Long.parseLong(m.getHeader("X-Mailback-Events", ",").trim()));
        }
        return events;
    }
}
