package io.github.mailback.smtp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import javax.security.sasl.AuthenticationException;

/** SMTP AUTH (RFC 4954) with PLAIN (RFC 4616), LOGIN and XOAUTH2. Secrets never reach the transcript. */
final class Authenticator {
    /** A server that keeps challenging is broken or hostile; LOGIN needs two challenges. */
    private static final int MAX_CHALLENGES = 3;
    private static final String REDACTED = "<redacted>";

    private Authenticator() {
    }

    static void authenticate(SmtpWire wire, Capabilities caps, Endpoint endpoint, Watchdog deadline)
            throws IOException {
        if (!wire.isEncrypted() && !wire.isLoopback() && !endpoint.allowClearTextAuth()) {
            throw new SmtpException("refusing to send credentials in clear text to " + endpoint.host()
                    + ": use STARTTLS or SMTPS (or allow clear-text AUTH explicitly)", null, false, null);
        }
        Set<String> offered = caps.authMechanisms();
        if (endpoint.tokens() != null) {
            String token = token(endpoint, deadline);
            try {
                xoauth2(wire, endpoint, token);
            } catch (SmtpException e) {
                // An expired or revoked token gives 535: one new token, one more try (same session, RFC 4954 section 4).
                if (e.code() != 535) {
                    throw e;
                }
                endpoint.tokens().refused(token);
                String fresh = token(endpoint, deadline);
                if (fresh.equals(token)) {
                    throw tokenRefused(e, false); // a fixed token: asking again gives the same one
                }
                try {
                    xoauth2(wire, endpoint, fresh);
                } catch (SmtpException again) {
                    throw again.code() == 535 ? tokenRefused(again, true) : again;
                }
            }
        } else if (offered.contains("PLAIN") || !offered.contains("LOGIN")) {
            // PLAIN is also the choice when the server lists no mechanism we know: its reply says why not.
            if (endpoint.username().indexOf('\0') >= 0 || endpoint.password().indexOf('\0') >= 0) {
                throw new IllegalArgumentException("username and password must not contain NUL (RFC 4616)");
            }
            String plain = "\0" + endpoint.username() + "\0" + endpoint.password();
            run(wire, "PLAIN", plain.getBytes(StandardCharsets.UTF_8), null);
        } else {
            run(wire, "LOGIN", null, new byte[][] {
                    endpoint.username().getBytes(StandardCharsets.UTF_8),
                    endpoint.password().getBytes(StandardCharsets.UTF_8)});
        }
    }

    /**
     * A 535 to XOAUTH2 with a new token. Exchange answers {@code 535 5.7.3} both for a bad token and for a
     * tenant not yet set up (the service principal, the mailbox permission, SMTP AUTH disabled, or
     * permissions still propagating, which takes minutes): transient when the provider gave a fresh
     * token, so that the alert is kept and tried again within retryFor, with a hint that fits OAuth
     * rather than "wrong password". The appender waits 5 minutes before it asks again (see the alert
     * engine's hold on a refused token).
     */
    private static SmtpException tokenRefused(SmtpException e, boolean fresh) {
        return new SmtpException("the server refused the OAuth 2.0 token (" + e.reply() + "): check that the app "
                + "registration may send as the mailbox (Exchange: its service principal and mailbox permission, "
                + "SMTP AUTH enabled for the mailbox; Google: domain-wide delegation with the mail scope); "
                + "new permissions can take minutes to apply", e.reply(), fresh, e);
    }

    /** A token from the client's provider within the connection's deadline; its failure as an SmtpException. */
    private static String token(Endpoint endpoint, Watchdog deadline) throws SmtpException {
        String token;
        try {
            token = endpoint.tokens().token(endpoint.username(), Duration.ofNanos(Math.max(1, deadline.remainingNanos())));
        } catch (IOException e) {
            // A refused grant (wrong secret, unknown client) stays refused; the rest may pass.
            throw new SmtpException("no OAuth 2.0 token: " + e.getMessage(), null,
                    !(e instanceof AuthenticationException), e);
        }
        if (token == null || !token.matches("[\\x20-\\x7e]+")) {
            // RFC 6750 section 2.1: b64token characters; anything else would break the XOAUTH2 framing.
            throw new SmtpException("no OAuth 2.0 token: the token provider gave an empty or malformed token", null,
                    false, null);
        }
        return token;
    }

    /** AUTH XOAUTH2 (Google's and Microsoft's SASL mechanism, akin to RFC 7628 OAUTHBEARER). */
    private static void xoauth2(SmtpWire wire, Endpoint endpoint, String token) throws IOException {
        String response = "user=" + endpoint.username() + "\u0001auth=Bearer " + token + "\u0001\u0001";
        run(wire, "XOAUTH2", response.getBytes(StandardCharsets.UTF_8), null);
    }

    /**
     * Sends AUTH with an optional initial response, then answers each 334 challenge with the next
     * response (or an empty line, which makes XOAUTH2 servers give their final error reply).
     */
    private static void run(SmtpWire wire, String mechanism, byte[] initial, byte[][] responses) throws IOException {
        String command = "AUTH " + mechanism;
        if (initial != null) {
            wire.command(command + " " + base64(initial), command + " " + REDACTED);
        } else {
            wire.command(command);
        }
        SmtpReply reply = wire.reply();
        int answered = 0;
        while (reply.code() == 334) {
            if (answered == MAX_CHALLENGES) {
                wire.command("*"); // RFC 4954 section 4: cancels the exchange
                wire.reply();
                throw new SmtpException("AUTH " + mechanism + ": too many challenges", reply, false, null);
            }
            byte[] next = responses != null && answered < responses.length ? responses[answered] : new byte[0];
            wire.command(base64(next), next.length == 0 ? "" : REDACTED);
            answered++;
            reply = wire.reply();
        }
        if (reply.code() == 235) {
            return;
        }
        String why = reply.code() == 535 ? "authentication failed (wrong credentials?)"
                : reply.code() == 534 || reply.code() == 538 ? "the server wants a stronger mechanism or TLS"
                : "AUTH " + mechanism + " refused";
        throw new SmtpException(why, reply);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
