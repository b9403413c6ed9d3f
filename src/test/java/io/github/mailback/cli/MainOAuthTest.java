package io.github.mailback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mailback.testing.ScriptedSmtpServer;
import io.github.mailback.testing.TokenEndpointServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The command line's XOAUTH2: a static token from the environment, and the client credentials grant. */
@Timeout(30)
class MainOAuthTest {
    private static final String SECRET = "cli-client-secret";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final TokenEndpointServer endpoint;
    private final ScriptedSmtpServer server;

    MainOAuthTest() throws IOException {
        endpoint = new TokenEndpointServer();
        server = new ScriptedSmtpServer().oauth2("alerts@example.com", "token-1").start();
    }

    @AfterEach
    void close() {
        server.close();
        endpoint.close();
    }

    private int run(Map<String, String> env, String... more) {
        List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", String.valueOf(server.port()),
                "--timeout", "5", "--from", "alerts@example.com", "--to", "ops@example.com", "--verbose"));
        args.addAll(List.of(more));
        return Main.run(args.toArray(String[]::new), new ByteArrayInputStream("disk full".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                env);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aStaticTokenFromTheEnvironment() {
        assertEquals(Main.SENT, run(Map.of("TOKEN", "token-1"), "--user", "alerts@example.com", "--oauth-token-env",
                "TOKEN"), stderr());
        assertEquals("alerts@example.com", server.takeMessage().authenticatedUser());
        assertTrue(stderr().contains("C: AUTH XOAUTH2 <redacted>"), stderr());
        assertFalse(stderr().contains("token-1"), stderr());
    }

    @Test
    void theClientCredentialsGrantWithItsSecretFromTheEnvironment() {
        assertEquals(Main.SENT, run(Map.of("SECRET", SECRET), "--user", "alerts@example.com", "--oauth-token-uri",
                endpoint.uri(), "--oauth-client-id", "app-id", "--oauth-client-secret-env", "SECRET", "--oauth-scope",
                "https://outlook.office365.com/.default"), stderr());
        assertEquals("alerts@example.com", server.takeMessage().authenticatedUser());
        assertEquals(Map.of("grant_type", "client_credentials", "client_id", "app-id", "client_secret", SECRET,
                "scope", "https://outlook.office365.com/.default"), endpoint.requests().get(0).form());
        assertFalse(stderr().contains("token-1") || stderr().contains(SECRET), stderr());
    }

    @Test
    void aRefusedGrantFailsForGoodOnOneLineWithoutTheSecret() {
        endpoint.answer(r -> TokenEndpointServer.error(400, "unauthorized_client", "not allowed"));
        assertEquals(Main.PERMANENT_FAILURE, run(Map.of("SECRET", SECRET), "--user", "alerts@example.com",
                "--oauth-token-uri", endpoint.uri(), "--oauth-client-id", "app-id", "--oauth-client-secret-env", "SECRET"));
        String last = stderr().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("mailback: no OAuth 2.0 token: ") && last.contains("unauthorized_client: not allowed"),
                stderr());
        assertFalse(stderr().contains(SECRET), stderr());
    }

    @Test
    void usageErrorsSayWhatIsMissing() {
        String[][] cases = {
            {"--oauth-token-env", "TOKEN"},
            {"--user", "a@example.com", "--oauth-token-env", "TOKEN", "--password-env", "TOKEN"},
            {"--user", "a@example.com", "--oauth-token-uri", "https://login.example.com/t", "--oauth-client-id", "x"},
            {"--user", "a@example.com", "--oauth-token-uri", "http://login.example.com/t", "--oauth-client-id", "x",
                "--oauth-client-secret-env", "TOKEN"},
            {"--user", "a@example.com", "--oauth-token-env", "UNSET"},
        };
        String[] expected = {"--user needs one of", "--user needs one of", "--oauth-token-uri needs --oauth-client-id and",
            "tokenUri must be an https URI", "environment variable UNSET is not set"};
        for (int i = 0; i < cases.length; i++) {
            err.reset();
            assertEquals(Main.USAGE, run(Map.of("TOKEN", "t"), cases[i]), String.join(" ", cases[i]));
            assertTrue(stderr().contains(expected[i]), stderr());
        }
        assertEquals(0, endpoint.requests().size());
        assertEquals(0, server.connectionCount());
    }
}
