package io.github.mailback.smtp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/** SMTP AUTH (RFC 4954) with PLAIN (RFC 4616), LOGIN and XOAUTH2. Secrets never reach the transcript. */
final class Authenticator {
    /** A server that keeps challenging is broken or hostile; LOGIN needs two challenges. */
    private static final int MAX_CHALLENGES = 3;
    private static final String REDACTED = "<redacted>";

    private Authenticator() {
    }

    static void authenticate(SmtpWire wire, Capabilities caps, SmtpClient client) throws IOException {
        if (!wire.isEncrypted() && !wire.isLoopback() && !client.allowClearTextAuth) {
            throw new SmtpException("refusing to send credentials in clear text to " + client.host
                    + ": use STARTTLS or SMTPS (or allow clear-text AUTH explicitly)", null, false, null);
        }
        Set<String> offered = caps.authMechanisms();
        if (client.oauthToken != null) {
            String token = "user=" + client.username + "\u0001auth=Bearer " + client.oauthToken + "\u0001\u0001";
            run(wire, "XOAUTH2", token.getBytes(StandardCharsets.UTF_8), null);
        } else if (offered.contains("PLAIN") || !offered.contains("LOGIN")) {
            // PLAIN is also the choice when the server lists no mechanism we know: its reply says why not.
            if (client.username.indexOf('\0') >= 0 || client.password.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("username and password must not contain NUL (RFC 4616)");
            }
            String plain = "\0" + client.username + "\0" + client.password;
            run(wire, "PLAIN", plain.getBytes(StandardCharsets.UTF_8), null);
        } else {
            run(wire, "LOGIN", null, new byte[][] {
                    client.username.getBytes(StandardCharsets.UTF_8),
                    client.password.getBytes(StandardCharsets.UTF_8)});
        }
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
