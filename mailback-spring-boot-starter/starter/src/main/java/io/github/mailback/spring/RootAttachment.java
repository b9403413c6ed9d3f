package io.github.mailback.spring;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggerContextListener;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.github.mailback.SmtpAppender;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The starter's appender in one {@link LoggerContext}, kept on the root logger across Logback resets.
 *
 * <p>Spring Boot resets Logback each time it initialises logging (devtools restarts included): it calls
 * {@code LoggerContext.stop()} then {@code reset()}, and every reset detaches and stops the appenders
 * of every logger (spring-boot issues 6688, 27040, 25589). So the {@link SmtpAppender} is never attached
 * to a logger itself: the root logger holds a {@link Forwarder}, a thin appender that hands each event
 * over. A reset stops the forwarder, never the SmtpAppender, whose pending events and counters carry on;
 * and this listener attaches a new forwarder within the same reset ({@link #onReset}, which Logback calls
 * once the loggers are reset and before anything is configured again), so no event logged after the
 * reset is missed.
 *
 * <p>{@code LoggerContext.stop()} ends by dropping every listener, reset-resistant or not. The forwarder
 * it left behind puts this listener back when the next reset stops it, which happens before that reset
 * notifies its listeners.
 *
 * <p>Which stop is the application's end? Spring Boot's re-initialisation is announced
 * ({@link #expectReinitialisation}) by {@link LoggingReinitialisationListener}, which runs just before
 * Spring Boot's {@code LoggingApplicationListener}. Any other {@code stop()} is the end (Spring Boot's
 * shutdown handler after the context closed, a servlet container, the application's own code): then the
 * SmtpAppender stops, which sends the final digest, as an appender of logback.xml does.
 *
 * <p>All changes happen under this object's lock; the logging threads never take it.
 */
final class RootAttachment implements LoggerContextListener {
    /** The name of the starter's appender, and of its forwarder on the root logger. */
    static final String NAME = "mailback";

    private static final Map<LoggerContext, RootAttachment> ATTACHMENTS = new IdentityHashMap<>();

    private final LoggerContext context;
    private SmtpAppender appender;
    private ResolvedProperties settings;
    /** The forwarder on the root logger now, or null between a reset and the next attach. */
    private Forwarder forwarder;
    private boolean reinitialising;
    private boolean closed;

    private RootAttachment(LoggerContext context) {
        this.context = context;
    }

    /** The context's attachment, or null when the starter has no appender in it. */
    static RootAttachment current(LoggerContext context) {
        synchronized (ATTACHMENTS) {
            return ATTACHMENTS.get(context);
        }
    }

    /**
     * Puts a started appender on the root logger of its context, replacing the starter's previous one if
     * there is one (which then stops and sends what it holds). {@code settings} are the properties it was
     * made from, for {@link #hasSettings}.
     */
    static RootAttachment attach(LoggerContext context, SmtpAppender appender, ResolvedProperties settings) {
        RootAttachment attachment;
        synchronized (ATTACHMENTS) {
            attachment = ATTACHMENTS.computeIfAbsent(context, RootAttachment::new);
        }
        attachment.use(appender, settings);
        return attachment;
    }

    private void use(SmtpAppender newAppender, ResolvedProperties newSettings) {
        SmtpAppender old;
        synchronized (this) {
            old = appender;
            Forwarder oldForwarder = forwarder;
            appender = newAppender;
            settings = newSettings;
            forwarder = null;
            // The new forwarder first, then the old one off: no event falls between the two (one logged
            // in that instant may reach both, reported twice rather than never).
            attachForwarder();
            if (oldForwarder != null) {
                context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(oldForwarder);
                oldForwarder.stop();
            }
            if (!context.getCopyOfListenerList().contains(this)) {
                context.addListener(this);
            }
        }
        if (old != null && old != newAppender) {
            old.stop();
        }
    }

    /** The appender this attachment forwards to. */
    synchronized SmtpAppender appender() {
        return appender;
    }

    /** The values the appender was made from, by {@code mailback.*} name, secrets masked. */
    synchronized Map<String, Object> maskedSettings() {
        Map<String, Object> shown = new LinkedHashMap<>();
        settings.values.forEach((k, v) -> shown.put("mailback." + k, AppenderMapping.isSecret(k) ? AppenderMapping.MASK : v));
        return shown;
    }

    /** For each setting taken from elsewhere ({@code mailback.smtp-host}), where it came from ({@code spring.mail.host}). */
    synchronized Map<String, String> settingOrigins() {
        Map<String, String> origins = new LinkedHashMap<>();
        settings.origins.forEach((k, v) -> origins.put("mailback." + k, v));
        return origins;
    }

    /** True when the appender was made from these values. */
    synchronized boolean hasSettings(ResolvedProperties other) {
        return settings.values.equals(other.values);
    }

    /** Spring Boot is about to initialise logging again: the {@code stop()} it starts with is not the end. */
    synchronized void expectReinitialisation() {
        reinitialising = true;
    }

    /**
     * Spring Boot's initialisation is over (or failed): the next {@code stop()} is the end again. The
     * forwarder is on the root logger, whatever happened in between.
     */
    synchronized void reinitialised() {
        reinitialising = false;
        if (!closed && !isAttached()) {
            forwarder = null;
            attachForwarder();
        }
        if (!closed && !context.getCopyOfListenerList().contains(this)) {
            context.addListener(this);
        }
    }

    /** True when this attachment's forwarder is on the root logger now. */
    synchronized boolean isAttached() {
        return forwarder != null && context.getLogger(Logger.ROOT_LOGGER_NAME).isAttached(forwarder);
    }

    /** Takes the forwarder off, stops the appender (which sends its final digest) and forgets the attachment. */
    void close() {
        close(true);
    }

    private void close(boolean removeListener) {
        SmtpAppender toStop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            Forwarder f = forwarder;
            forwarder = null;
            if (f != null) {
                context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(f);
                f.stop();
            }
            if (removeListener) {
                context.removeListener(this);
            }
            toStop = appender;
        }
        synchronized (ATTACHMENTS) {
            ATTACHMENTS.remove(context, this);
        }
        toStop.stop();
    }

    private void attachForwarder() {
        Forwarder f = new Forwarder(this, appender);
        f.setContext(context);
        f.setName(NAME);
        f.start();
        forwarder = f;
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(f);
    }

    /** A reset stopped this forwarder: make sure this listener hears the reset's end, to attach the next. */
    private synchronized void forwarderStopped(Forwarder f) {
        if (closed || f != forwarder) {
            return; // taken off by this class itself
        }
        forwarder = null;
        // Safe here: a reset stops appenders before it notifies (and iterates) the listeners.
        if (!context.getCopyOfListenerList().contains(this)) {
            context.addListener(this);
        }
    }

    // ------------------------------------------------------------------ LoggerContextListener

    @Override
    public boolean isResetResistant() {
        return true;
    }

    @Override
    public void onStart(LoggerContext context) {
    }

    @Override
    public synchronized void onReset(LoggerContext context) {
        if (!closed && forwarder == null) {
            attachForwarder();
        }
    }

    @Override
    public void onStop(LoggerContext context) {
        synchronized (this) {
            if (closed || reinitialising) {
                return;
            }
        }
        // Logback is iterating its listeners: they are all dropped right after this, ours included.
        close(false);
    }

    @Override
    public void onLevelChange(Logger logger, Level level) {
    }

    /**
     * The appender on the root logger: hands each event to the starter's {@link SmtpAppender}, which no
     * reset reaches. Its work per event is one call.
     */
    static final class Forwarder extends UnsynchronizedAppenderBase<ILoggingEvent> {
        private final RootAttachment owner;
        private final SmtpAppender target;

        Forwarder(RootAttachment owner, SmtpAppender target) {
            this.owner = owner;
            this.target = target;
        }

        @Override
        protected void append(ILoggingEvent event) {
            target.doAppend(event);
        }

        @Override
        public void stop() {
            super.stop();
            owner.forwarderStopped(this);
        }

        /** The starter's appender behind this forwarder. */
        SmtpAppender target() {
            return target;
        }
    }
}
