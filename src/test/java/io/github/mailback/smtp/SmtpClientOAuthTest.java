package io.github.mailback.smtp;

import static io.github.mailback.smtp.ClientFixtures.clientFor;
import static io.github.mailback.smtp.ClientFixtures.envelope;
import static io.github.mailback.smtp.ClientFixtures.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mailback.oauth.ClientCredentialsTokenProvider;
import io.github.mailback.testing.ScriptedSmtpServer;
import io.github.mailback.testing.TokenEndpointServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * AUTH XOAUTH2 with tokens from a provider: a local token endpoint, and the scripted SMTP server that
 * checks the XOAUTH2 payload and, on a wrong token, answers as Gmail does (334 error challenge, then 535).
 */
@Timeout(30)
class SmtpClientOAuthTest {
    private static final String USER = "alerts@example.com";
    private static final String SECRET = "client-secret-value";

    private final TokenEndpointServer endpoint;
    private final List<String> transcript = new ArrayList<>();

    SmtpClientOAuthTest() throws IOException {
        endpoint = new TokenEndpointServer();
    }

    @AfterEach
    void close() {
        endpoint.close();
    }

    private ClientCredentialsTokenProvider provider() {
        return endpoint.provider(SECRET);
    }

    private SmtpClient client(ScriptedSmtpServer server) {
        return clientFor(server).oauth2(USER, provider()).transcript((c, line) -> transcript.add(line)).build();
    }

    private static long authCommands(ScriptedSmtpServer server) {
        return server.verbs().stream().filter("AUTH"::equals).count();
    }

    @Test
    void theTokenFromTheEndpointIsSentAndCachedAcrossConnections() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().oauth2(USER, "token-1").start()) {
            SmtpClient client = client(server);
            client.send(envelope(), message("one"));
            client.send(envelope(), message("two"));
            assertEquals(USER, server.takeMessage().authenticatedUser());
            assertEquals(USER, server.takeMessage().authenticatedUser());
            assertEquals(1, endpoint.requests().size());
            assertEquals(2, authCommands(server));
            assertFalse(String.join("\n", transcript).contains("token-1"), transcript.toString());
        }
    }

    @Test
    void a535LeadsToOneNewTokenAndOneMoreTry() throws IOException {
        // The server already wants the next token: the cached one was revoked, or expired early.
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().oauth2(USER, "token-2").start()) {
            SmtpClient client = client(server);
            client.send(envelope(), message("x"));
            assertEquals(USER, server.takeMessage().authenticatedUser());
            assertEquals(2, endpoint.requests().size());
            assertEquals(2, authCommands(server));
            assertTrue(server.commandLines().contains(""), "the error challenge is answered with an empty line");
            assertEquals(1, server.connectionCount(), "the second try is on the same connection");
        }
    }

    /**
     * Exchange answers 535 5.7.3 for a bad token and for a tenant not set up yet alike: after one retry
     * with a fresh token, a failure that may pass, with a hint that fits OAuth.
     */
    @Test
    void aFreshTokenRefusedTooIsTransientWithAnOAuthHint() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().oauth2(USER, "never-issued").start()) {
            SmtpException e = assertThrows(SmtpException.class, () -> client(server).send(envelope(), message("x")));
            assertEquals(535, e.code());
            assertTrue(e.isTransient(), e.toString());
            assertTrue(e.getMessage().startsWith("the server refused the OAuth 2.0 token (535"), e.getMessage());
            assertTrue(e.getMessage().contains("may send as the mailbox"), e.getMessage());
            assertEquals(2, endpoint.requests().size());
            assertEquals(2, authCommands(server));
            assertFalse(server.verbs().contains("MAIL"));
        }
    }

    @Test
    void aStaticTokenIsNotTriedTwice() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().oauth2(USER, "good").start()) {
            SmtpClient client = clientFor(server).oauth2(USER, "expired").build();
            SmtpException e = assertThrows(SmtpException.class, () -> client.send(envelope(), message("x")));
            assertEquals(535, e.code());
            assertFalse(e.isTransient(), "a fixed token stays refused: " + e);
            assertEquals(1, authCommands(server));
        }
    }

    @Test
    void aBadSecretFailsForGoodWithTheEndpointsErrorAndNoAuth() throws IOException {
        endpoint.answer(r -> TokenEndpointServer.error(401, "invalid_client", "AADSTS7000215: Invalid client secret provided."));
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().oauth2(USER, "token-1").start()) {
            SmtpClient client = client(server);
            SmtpException e = assertThrows(SmtpException.class, () -> client.send(envelope(), message("x")));
            assertFalse(e.isTransient(), e.toString());
            assertTrue(e.getMessage().startsWith("no OAuth 2.0 token: token endpoint " + endpoint.uri()
                    + " answered HTTP 401: invalid_client: AADSTS7000215"), e.getMessage());
            assertFalse(e.getMessage().contains(SECRET) || client.toString().contains(SECRET), e.getMessage());
            assertEquals(0, authCommands(server));
        }
    }

    @Test
    void theTokenFetchCountsAgainstTheConnectionsDeadline() throws IOException {
        endpoint.stall();
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().oauth2(USER, "token-1").start()) {
            // Each read may take 20 s, the whole set-up 2 s: a stalled endpoint must not get more.
            SmtpClient client = clientFor(server).readTimeout(Duration.ofSeconds(20)).messageTimeout(Duration.ofSeconds(2))
                    .oauth2(USER, provider()).build();
            long start = System.nanoTime();
            SmtpException e = assertThrows(SmtpException.class, client::connect);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(e.isTransient(), e.toString());
            assertTrue(e.getMessage().contains("did not answer in time"), e.getMessage());
            assertTrue(millis < 10_000, "took " + millis + " ms");
            assertEquals(0, authCommands(server));
        }
    }

    @Test
    void aMalformedTokenNeverReachesTheServer() throws IOException {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer().oauth2(USER, "t").start()) {
            SmtpClient client = clientFor(server).oauth2(USER, "t\u0001auth=Bearer x").build();
            SmtpException e = assertThrows(SmtpException.class, client::connect);
            assertFalse(e.isTransient());
            assertEquals(0, authCommands(server));
        }
    }
}
