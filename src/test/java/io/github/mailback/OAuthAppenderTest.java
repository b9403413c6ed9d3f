package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import io.github.mailback.testing.ScriptedSmtpServer;
import io.github.mailback.testing.TokenEndpointServer;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code <oauth2 class="...">} in logback.xml: Joran builds the provider, the appender checks it and mails with it. */
@Timeout(30)
class OAuthAppenderTest {
    private static final String SECRET = "s3cret-Pa55-oauth";

    /** The statuses but Joran's own "value ... substituted for ${...}", which shows every substituted value. */
    private static String statuses(LoggerContext context) {
        return LogbackConfig.statuses(context).replaceAll("(?m)^INFO value .* substituted for .*$", "");
    }

    private static LoggerContext load(ScriptedSmtpServer server, TokenEndpointServer endpoint, String... more) {
        Map<String, String> properties = new HashMap<>(Map.of("smtpPort", String.valueOf(server.port()),
                "tokenUri", endpoint.uri(), "clientSecret", SECRET));
        for (int i = 0; i < more.length; i += 2) {
            properties.put(more[i], more[i + 1]);
        }
        return LogbackConfig.load("/logback/oauth2.xml", properties);
    }

    @Test
    void anAlertIsSentWithATokenFromTheConfiguredProvider() throws IOException {
        try (TokenEndpointServer endpoint = new TokenEndpointServer();
                ScriptedSmtpServer server = new ScriptedSmtpServer().oauth2("alerts@example.com", "token-1").start()) {
            LoggerContext context = load(server, endpoint);
            try {
                SmtpAppender appender = LogbackConfig.appender(context, "EMAIL");
                assertTrue(appender.isStarted(), () -> LogbackConfig.statuses(context));
                context.getLogger("com.example.Db").error("connection pool exhausted");
                Await.until("the email", Duration.ofSeconds(20), () -> appender.getEmailsSent() == 1,
                        () -> LogbackConfig.statuses(context));
                assertEquals("alerts@example.com", server.takeMessage().authenticatedUser());
                assertEquals(Map.of("grant_type", "client_credentials", "client_id", "app-id", "client_secret", SECRET,
                        "scope", "https://outlook.office365.com/.default"), endpoint.requests().get(0).form());
                assertFalse(statuses(context).contains(SECRET), statuses(context));
            } finally {
                context.stop();
            }
        }
    }

    @Test
    void aRefusedGrantIsReportedWithTheEndpointsErrorNeverTheSecret() throws IOException {
        try (TokenEndpointServer endpoint = new TokenEndpointServer().answer(r -> TokenEndpointServer.error(401,
                "invalid_client", "AADSTS7000215: Invalid client secret provided."));
                ScriptedSmtpServer server = new ScriptedSmtpServer().oauth2("alerts@example.com", "token-1").start()) {
            LoggerContext context = load(server, endpoint);
            try {
                SmtpAppender appender = LogbackConfig.appender(context, "EMAIL");
                context.getLogger("com.example.Db").error("connection pool exhausted");
                Await.until("the failure reported", Duration.ofSeconds(20),
                        () -> statuses(context).contains("error event(s)"), () -> statuses(context));
                String statuses = statuses(context);
                assertFalse(statuses.contains(SECRET), statuses);
                // What failed, not that a server refused the email.
                assertTrue(statuses.contains("ERROR Could not mail 1 error event(s), not retried: no OAuth 2.0 token: "
                        + "token endpoint " + endpoint.uri() + " answered HTTP 401: invalid_client: AADSTS7000215"),
                        statuses);
                assertFalse(server.verbs().contains("AUTH"));
            } finally {
                context.stop();
            }
        }
    }

    @Test
    void aWrongOauth2ConfigurationLeavesTheAppenderStoppedNamingEachProblem() throws IOException {
        try (TokenEndpointServer endpoint = new TokenEndpointServer(); ScriptedSmtpServer server = new ScriptedSmtpServer()) {
            server.start();
            for (String[] c : List.of(
                    new String[] {"clientSecret", "", "the oauth2 property is wrong: clientSecret not set"},
                    new String[] {"tokenUri", "http://login.example.com/token",
                        "the oauth2 property is wrong: tokenUri must be an https URI"},
                    new String[] {"username", "", "the oauth2 property needs the username property"},
                    new String[] {"password", SECRET, "the oauth2 property needs the username property (the mailbox) "
                        + "and no password property"})) {
                LoggerContext context = load(server, endpoint, c[0], c[1]);
                try {
                    assertFalse(LogbackConfig.appender(context, "EMAIL").isStarted(), c[0]);
                    List<String> errors = LogbackConfig.errors(context);
                    assertTrue(errors.stream().anyMatch(e -> e.contains(c[2])), c[0] + ": " + errors);
                    assertEquals(1, errors.size(), c[0] + ": " + errors);
                    assertFalse(statuses(context).contains(SECRET), statuses(context));
                } finally {
                    context.stop();
                }
            }
            assertEquals(0, endpoint.requests().size(), "checked at start without a network call");
        }
    }
}
