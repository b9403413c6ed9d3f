package io.github.mailback.spring.actuate;

import io.github.mailback.MailStatus;
import io.github.mailback.SmtpAppender;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The health of mailing, from what the appenders already know: how the check at start and the last
 * send ended ({@link SmtpAppender#getMailStatus()}). Nothing here connects: a health request must not
 * open an SMTP connection, and a mail server that is down must not slow the probe. Shared by the
 * health contributors of Boot 3 and Boot 4, which only translate it.
 *
 * @param state UP, DOWN or UNKNOWN
 * @param reason why, when DOWN or UNKNOWN; null when UP
 * @param details per appender: the server, both outcomes, the events held and failed
 */
public record MailHealth(State state, String reason, Map<String, Object> details) {

    /** The three states the contributors report. */
    public enum State {
        UP, DOWN, UNKNOWN
    }

    /** The health of these appenders: DOWN when one is down, UNKNOWN when one has no outcome yet. */
    public static MailHealth of(List<SmtpAppender> appenders) {
        if (appenders.isEmpty()) {
            return new MailHealth(State.UNKNOWN, "mailback is not active (no mailback.to, or mailback.enabled=false)", Map.of());
        }
        State state = State.UP;
        String reason = null;
        Map<String, Object> details = new LinkedHashMap<>();
        for (SmtpAppender appender : appenders) {
            Map<String, Object> d = new LinkedHashMap<>();
            String why;
            State s;
            MailStatus status = appender.getMailStatus();
            MailStatus.Outcome latest = latest(status.startCheck(), status.lastSend());
            if (!appender.isStarted()) {
                s = State.DOWN;
                why = "the appender is stopped";
            } else if (latest == null) {
                s = State.UNKNOWN;
                why = "no check at start and no email yet";
            } else if (latest.ok()) {
                s = State.UP;
                why = null;
            } else {
                s = State.DOWN;
                why = (latest == status.lastSend() ? "the last send failed: " : "the check at start failed: ") + latest.detail();
            }
            d.put("status", s.name());
            if (why != null) {
                d.put("reason", why);
            }
            d.put("server", appender.getSmtpHost() + ":" + appender.getSmtpPort());
            put(d, "checkAtStart", status.startCheck());
            put(d, "lastSend", status.lastSend());
            d.put("eventsHeld", appender.getEventsHeld());
            d.put("eventsFailed", appender.getEventsFailed());
            details.put(String.valueOf(appender.getName()), d);
            if (s == State.DOWN && state != State.DOWN) {
                state = State.DOWN;
                reason = appender.getName() + ": " + why;
            } else if (s == State.UNKNOWN && state == State.UP) {
                state = State.UNKNOWN;
                reason = appender.getName() + ": " + why;
            }
        }
        return new MailHealth(state, reason, details);
    }

    private static MailStatus.Outcome latest(MailStatus.Outcome a, MailStatus.Outcome b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return b.at().isBefore(a.at()) ? a : b;
    }

    private static void put(Map<String, Object> details, String key, MailStatus.Outcome o) {
        if (o != null) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", o.at().toString());
            m.put("ok", o.ok());
            m.put("detail", o.detail());
            details.put(key, m);
        }
    }
}
