package io.github.mailback.alert;

import ch.qos.logback.core.spi.ContextAware;
import io.github.mailback.smtp.SmtpClient;
import io.github.mailback.smtp.SmtpConnection;
import io.github.mailback.smtp.SmtpException;
import io.github.mailback.smtp.SmtpTranscript;
import io.github.mailback.smtp.TlsMode;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;

/**
 * {@code verifyOnStart}: one connection through the appender's own client (connect, EHLO, STARTTLS,
 * AUTH, then QUIT), on a daemon thread of its own, reported as an info or a warning status with a hint.
 * A wrong setting then shows when the application starts, not when the first alert is lost. A warning,
 * not an error: Spring Boot fails the start on any error status present when its configuration ends,
 * and a check that fails fast (connection refused) could get there first; a start must never fail on it.
 *
 * <p>The sender thread waits for it before it sends anything, so the first alert never races it, but
 * not once a stop or the JVM's exit is under way: then the alert comes first, and this connection ends
 * by its own timeouts. It listens to the dialogue (AUTH redacted) to learn the mechanism used, and
 * whether the server offered AUTH at all.
 */
final class StartCheck extends Thread implements SmtpTranscript {
    private final BiFunction<Duration, SmtpTranscript, SmtpClient> clients;
    private final ContextAware status;
    private final AlertCounters counters;
    private final Thread sender;
    private volatile boolean done;
    /** The last command the client sent (its first word), the AUTH mechanism, and AUTH in the last EHLO reply. */
    private String lastCommand = "";
    private String mechanism;
    private boolean authOffered;

    StartCheck(String name, BiFunction<Duration, SmtpTranscript, SmtpClient> clients,
            ContextAware status, AlertCounters counters, Thread sender) {
        super("mailback-check-" + name);
        setDaemon(true);
        this.clients = clients;
        this.status = status;
        this.counters = counters;
        this.sender = sender;
    }

    boolean done() {
        return done;
    }

    @Override
    public void run() {
        SmtpClient client = null;
        try {
            client = clients.apply(null, this);
            String tls;
            try (SmtpConnection connection = client.connect()) {
                tls = !connection.isEncrypted() ? "no TLS" : client.tls() == TlsMode.SMTPS ? "SSL" : "STARTTLS";
            }
            String works = client.host() + ":" + client.port() + " works: " + tls + ", "
                    + (mechanism == null ? "no AUTH" : "AUTH " + mechanism + " accepted");
            counters.startCheck = counters.outcome(true, works);
            status.addInfo("verifyOnStart: " + counters.startCheck.detail());
        } catch (Exception e) {
            String where = client == null ? "" : " " + client.host() + ":" + client.port();
            String why = e instanceof SmtpException ? e.getMessage() : e.toString();
            String failed = "the check of" + where + " failed: " + why + hint(e, client);
            counters.startCheck = counters.outcome(false, failed);
            status.addWarn("verifyOnStart: " + counters.startCheck.detail());
        } finally {
            done = true;
            LockSupport.unpark(sender);
        }
    }

    /** What to change, for the mistakes a reply shows clearly; empty when there is nothing to add. */
    private String hint(Exception e, SmtpClient client) {
        int code = e instanceof SmtpException se ? se.code() : 0;
        boolean clear = client != null && client.tls() == TlsMode.NONE;
        String text = e.getMessage() == null ? "" : e.getMessage().toUpperCase(Locale.ROOT);
        if (clear && (code == 538 || code == 530 && text.contains("TLS"))) {
            return " (the server requires encryption: set STARTTLS, or SSL for port 465)";
        }
        if (clear && lastCommand.equals("AUTH") && !authOffered) {
            return " (the server offers no AUTH on a clear connection: use STARTTLS)";
        }
        if (code == 535 && !"XOAUTH2".equalsIgnoreCase(mechanism)) {
            return " (the server refused the username or password)";
        }
        return "";
    }

    @Override
    public void line(boolean fromClient, String line) {
        if (fromClient) {
            int space = line.indexOf(' ');
            String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
            if (verb.equals("QUIT")) {
                return; // the goodbye after a failure: the hint is about the command that failed
            }
            lastCommand = verb;
            if (lastCommand.equals("EHLO")) {
                authOffered = false;
            } else if (lastCommand.equals("AUTH")) {
                int end = line.indexOf(' ', space + 1);
                mechanism = line.substring(space + 1, end < 0 ? line.length() : end);
            }
        } else if (lastCommand.equals("EHLO") && line.length() > 8) {
            // "250-AUTH PLAIN LOGIN", or "250-AUTH=LOGIN" from old servers
            authOffered |= line.regionMatches(true, 4, "AUTH", 0, 4);
        }
    }
}
