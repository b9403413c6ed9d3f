package io.github.mailback.samples.demo;

import java.util.Locale;
import java.util.Map;

/**
 * Where the demo mails to, read from the environment: the embedded GreenMail server when
 * {@code SMTP_HOST} is unset, else the server that {@code SMTP_HOST}, {@code SMTP_PORT},
 * {@code SMTP_USER}, {@code SMTP_PASSWORD}, {@code SMTP_TLS} and {@code ALERT_TO} describe (and
 * {@code ALERT_FROM}, which defaults to {@code SMTP_USER} when that is an address, as many servers
 * accept mail only from the account that logged in).
 */
record DemoSettings(boolean embedded, String host, int port, String tls, String user, String password,
        String alertTo, String alertFrom) {

    static final String EMBEDDED_ALERT_TO = "oncall@order-service.test";
    /** The embedded server's account: the demo logs in as a real deployment would (AUTH over loopback). */
    static final String EMBEDDED_USER = "order-service";
    static final String EMBEDDED_PASSWORD = "demo-only-password";

    static DemoSettings fromEnvironment(Map<String, String> env) {
        String host = blankToNull(env.get("SMTP_HOST"));
        if (host == null) {
            return new DemoSettings(true, "127.0.0.1", 0, "none", EMBEDDED_USER, EMBEDDED_PASSWORD,
                    EMBEDDED_ALERT_TO, null);
        }
        String tls = env.getOrDefault("SMTP_TLS", "starttls").strip().toLowerCase(Locale.ROOT);
        int defaultPort = switch (tls) {
            case "none" -> 25;
            case "starttls" -> 587;
            case "smtps" -> 465;
            default -> throw new IllegalArgumentException(
                    "SMTP_TLS must be none, starttls or smtps, not '" + tls + "'");
        };
        String port = blankToNull(env.get("SMTP_PORT"));
        String alertTo = blankToNull(env.get("ALERT_TO"));
        if (alertTo == null) {
            // Never mail a real server's made-up default address.
            throw new IllegalArgumentException("SMTP_HOST is set, so ALERT_TO must say who gets the alerts");
        }
        String user = blankToNull(env.get("SMTP_USER"));
        String alertFrom = blankToNull(env.get("ALERT_FROM"));
        if (alertFrom == null && user != null && user.contains("@")) {
            alertFrom = user;
        }
        return new DemoSettings(false, host, port == null ? defaultPort : Integer.parseInt(port.strip()), tls,
                user, blankToNull(env.get("SMTP_PASSWORD")), alertTo, alertFrom);
    }

    DemoSettings withPort(int boundPort) {
        return new DemoSettings(embedded, host, boundPort, tls, user, password, alertTo, alertFrom);
    }

    /** The variables the sample's logback.xml reads; STARTTLS and SSL are derived from SMTP_TLS. */
    void exportTo(Map<String, String> childEnv) {
        childEnv.put("SMTP_HOST", host);
        childEnv.put("SMTP_PORT", Integer.toString(port));
        childEnv.put("SMTP_STARTTLS", Boolean.toString(tls.equals("starttls")));
        childEnv.put("SMTP_SSL", Boolean.toString(tls.equals("smtps")));
        putOrRemove(childEnv, "SMTP_USER", user);
        putOrRemove(childEnv, "SMTP_PASSWORD", password);
        childEnv.put("ALERT_TO", alertTo);
        if (alertFrom != null) {
            childEnv.put("ALERT_FROM", alertFrom);
        }
    }

    String describe() {
        return embedded
                ? "embedded GreenMail on " + host + ":" + port
                : host + ":" + port + " (TLS: " + tls + (user == null ? "" : ", user " + user) + ")";
    }

    @Override
    public String toString() {
        // The password stays out of anything printed.
        return "DemoSettings[" + describe() + ", to " + alertTo + "]";
    }

    private static void putOrRemove(Map<String, String> env, String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
