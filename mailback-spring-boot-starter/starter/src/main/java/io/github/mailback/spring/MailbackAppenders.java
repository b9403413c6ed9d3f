package io.github.mailback.spring;

import ch.qos.logback.classic.LoggerContext;
import io.github.mailback.SmtpAppender;
import java.util.List;
import java.util.Map;

/**
 * The mailback appenders of the application, as Actuator reports them: the starter's, or else the
 * {@code SmtpAppender}s of the Logback configuration (logback-spring.xml). Looked up at each call, so
 * that a restart or a Logback reconfiguration shows the appenders in use now.
 */
public final class MailbackAppenders {

    public MailbackAppenders() {
    }

    /** The appenders in use now; empty when mailback is off. */
    public List<SmtpAppender> current() {
        if (!StarterLifecycle.logbackIsTheLoggingSystem()) {
            return List.of();
        }
        LoggerContext context = StarterLifecycle.loggerContext();
        RootAttachment attachment = RootAttachment.current(context);
        if (attachment != null) {
            return List.of(attachment.appender());
        }
        return StarterLifecycle.declaredInLogbackConfiguration(context);
    }

    /**
     * The {@code mailback.*} settings the starter's appender was made from, secrets masked; null for an
     * appender of the Logback configuration.
     */
    public Map<String, Object> starterSettings(SmtpAppender appender) {
        if (!StarterLifecycle.logbackIsTheLoggingSystem()) {
            return null;
        }
        RootAttachment attachment = RootAttachment.current(StarterLifecycle.loggerContext());
        return attachment == null || attachment.appender() != appender ? null : attachment.maskedSettings();
    }

    /** For each setting of the starter's appender taken from elsewhere, where from; null as above. */
    public Map<String, String> starterSettingOrigins(SmtpAppender appender) {
        if (!StarterLifecycle.logbackIsTheLoggingSystem()) {
            return null;
        }
        RootAttachment attachment = RootAttachment.current(StarterLifecycle.loggerContext());
        return attachment == null || attachment.appender() != appender ? null : attachment.settingOrigins();
    }
}
