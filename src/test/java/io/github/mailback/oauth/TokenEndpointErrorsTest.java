package io.github.mailback.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mailback.testing.TokenEndpointServer;
import io.github.mailback.testing.TokenEndpointServer.Answer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.sasl.AuthenticationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the token endpoint's errors mean to the SMTP client: a refusal (AuthenticationException) is
 * final, anything that may pass is a plain IOException tried again later, and a Retry-After holds every
 * fetch back until then, without a request. The clocks are the test's: nothing here sleeps.
 */
@Timeout(30)
class TokenEndpointErrorsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String SECRET = "Zx8Q~secret-value~9";
    private static final Instant NOW = Instant.parse("2026-12-08T10:00:00Z");

    private final TokenEndpointServer endpoint;
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    TokenEndpointErrorsTest() throws IOException {
        endpoint = new TokenEndpointServer();
    }

    @AfterEach
    void close() {
        endpoint.close();
    }

    private ClientCredentialsTokenProvider provider() {
        ClientCredentialsTokenProvider p = endpoint.provider(SECRET);
        p.clock = nanos::get;
        p.wallClock = Clock.fixed(NOW, ZoneOffset.UTC);
        p.check();
        return p;
    }

    private IOException fetchFails(ClientCredentialsTokenProvider p) {
        return assertThrows(IOException.class, () -> p.token("alerts@example.com", TIMEOUT));
    }

    private void advance(long seconds) {
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }

    @ParameterizedTest(name = "HTTP {0} {1}")
    @CsvSource(delimiter = '|', value = {
        // Entra sends these with 400, and says to retry (RFC 6749 defines them in section 4.1.2.1).
        "400 | {\"error\":\"temporarily_unavailable\",\"error_description\":\"AADSTS90033: busy\"}",
        "400 | {\"error\":\"server_error\",\"error_description\":\"unexpected\"}",
        "401 | {\"error\":\"temporarily_unavailable\"}",
        // Entra's AADSTS50033, RetryableError: in error_codes, or at the start of the description.
        "400 | {\"error\":\"invalid_request\",\"error_description\":\"see codes\",\"error_codes\":[50033]}",
        "400 | {\"error\":\"invalid_grant\",\"error_description\":\"AADSTS50033: A transient error has occurred.\"}",
        // Throttled, or the server's own trouble, whatever the body says.
        "429 | {\"error\":\"slow_down\"}",
        "429 | Too Many Requests",
        "500 | {\"error\":\"invalid_client\",\"error_description\":\"a 5xx is never a refusal\"}",
        "502 | <html>Bad Gateway</html>",
        "503 | {\"error\":\"temporarily_unavailable\"}",
        "504 | ''",
        // A 400 whose body is not JSON comes from something in front of the endpoint, not from it.
        "400 | <html>Request Rejected</html>"})
    void anErrorThatMayPassIsAPlainIoExceptionSoTheAlertIsRetried(int status, String body) {
        endpoint.answer(r -> new Answer(status, body));
        IOException e = fetchFails(provider());
        assertFalse(e instanceof AuthenticationException, e.toString());
        assertTrue(e.getMessage().startsWith("token endpoint " + endpoint.uri() + " answered HTTP " + status),
                e.getMessage());
    }

    @ParameterizedTest(name = "HTTP {0} {1}")
    @CsvSource({"400, invalid_client", "401, invalid_client", "400, invalid_grant", "400, unauthorized_client",
        "400, invalid_scope", "400, unsupported_grant_type", "400, invalid_request", "400, admin_policy_enforced"})
    void aRefusalIsFinal(int status, String error) {
        endpoint.answer(r -> TokenEndpointServer.error(status, error, "the grant is refused"));
        IOException e = fetchFails(provider());
        assertInstanceOf(AuthenticationException.class, e);
        assertTrue(e.getMessage().endsWith("answered HTTP " + status + ": " + error + ": the grant is refused"),
                e.getMessage());
    }

    @Test
    void anEntraRefusalStaysFinalAndItsTransientFaultIsNot() {
        endpoint.answer(r -> TokenEndpointServer.entraError(401, "invalid_client", 7000215, "Invalid client secret provided."));
        assertInstanceOf(AuthenticationException.class, fetchFails(provider()));
        endpoint.answer(r -> TokenEndpointServer.entraError(400, "invalid_request", 50033, "A transient error has occurred."));
        IOException e = fetchFails(provider());
        assertFalse(e instanceof AuthenticationException, e.toString());
        assertTrue(e.getMessage().contains("HTTP 400: invalid_request: AADSTS50033: A transient error has occurred.  "
                + "Trace ID"), e.getMessage());
    }

    @Test
    void retryAfterInSecondsHoldsEveryFetchBackUntilThenWithoutARequest() throws IOException {
        endpoint.answer(r -> endpoint.requests().size() == 1
                ? TokenEndpointServer.error(429, "slow_down", "too many requests").with("Retry-After", "120")
                : TokenEndpointServer.token("token-after-the-wait", 3600));
        ClientCredentialsTokenProvider p = provider();
        IOException first = fetchFails(p);
        assertEquals("token endpoint " + endpoint.uri() + " answered HTTP 429: slow_down: too many requests "
                + "(Retry-After: no new request before 2026-12-08T10:02:00Z)", first.getMessage());

        // The appender's back-off comes back sooner: it fails at once, saying until when, and asks nothing.
        IOException held = fetchFails(p);
        assertFalse(held instanceof AuthenticationException, held.toString());
        assertEquals("token endpoint " + endpoint.uri() + " answered HTTP 429: slow_down: too many requests "
                + "with Retry-After: no new request before 2026-12-08T10:02:00Z (in 120 s)", held.getMessage());
        advance(119);
        assertTrue(fetchFails(p).getMessage().endsWith("(in 1 s)"), "one second left");
        assertEquals(1, endpoint.requests().size(), "no request while the endpoint asked for a pause");

        advance(1);
        assertEquals("token-after-the-wait", p.token("alerts@example.com", TIMEOUT));
        assertEquals(2, endpoint.requests().size());
    }

    @Test
    void retryAfterAsAnHttpDateCountsFromTheWallClock() throws IOException {
        endpoint.answer(r -> endpoint.requests().size() == 1
                ? new Answer(503, "<html>maintenance</html>").with("Retry-After", "Tue, 08 Dec 2026 10:01:30 GMT")
                : TokenEndpointServer.token("token-2", 3600));
        ClientCredentialsTokenProvider p = provider();
        assertTrue(fetchFails(p).getMessage().endsWith("(Retry-After: no new request before 2026-12-08T10:01:30Z)"));
        assertTrue(fetchFails(p).getMessage().endsWith("no new request before 2026-12-08T10:01:30Z (in 90 s)"));
        advance(89);
        fetchFails(p);
        assertEquals(1, endpoint.requests().size());
        advance(1);
        assertEquals("token-2", p.token("alerts@example.com", TIMEOUT));
    }

    @ParameterizedTest(name = "Retry-After: {0}")
    @CsvSource({"86400, 3600", "99999999999999999999999, 3600", "'Wed, 09 Dec 2026 10:00:00 GMT', 3600",
        "'  45  ', 45"})
    void retryAfterIsHonouredForAnHourAtMost(String retryAfter, long seconds) throws IOException {
        endpoint.answer(r -> endpoint.requests().size() == 1
                ? new Answer(503, "{}").with("Retry-After", retryAfter) : TokenEndpointServer.token("token-2", 3600));
        ClientCredentialsTokenProvider p = provider();
        fetchFails(p);
        assertTrue(fetchFails(p).getMessage().endsWith("(in " + seconds + " s)"), fetchFails(p).getMessage());
        advance(seconds - 1);
        fetchFails(p);
        advance(1);
        assertEquals("token-2", p.token("alerts@example.com", TIMEOUT));
        assertEquals(2, endpoint.requests().size());
    }

    @ParameterizedTest(name = "Retry-After: {0}")
    @CsvSource({"0", "-5", "soon", "'Tue, 08 Dec 2026 09:59:00 GMT'", "'Tuesday, 08-Dec-26 10:05:00 GMT'", "1.5"})
    void aRetryAfterThatAsksForNoWaitOrCannotBeReadHoldsNothingBack(String retryAfter) throws IOException {
        endpoint.answer(r -> endpoint.requests().size() == 1
                ? new Answer(503, "{}").with("Retry-After", retryAfter) : TokenEndpointServer.token("token-2", 3600));
        ClientCredentialsTokenProvider p = provider();
        IOException e = fetchFails(p);
        assertFalse(e.getMessage().contains("Retry-After"), e.getMessage());
        assertEquals("token-2", p.token("alerts@example.com", TIMEOUT), "the caller's own back-off decides");
    }

    @Test
    void aRefusalsRetryAfterHoldsNothingBack() {
        endpoint.answer(r -> TokenEndpointServer.error(401, "invalid_client", "bad secret").with("Retry-After", "600"));
        ClientCredentialsTokenProvider p = provider();
        assertInstanceOf(AuthenticationException.class, fetchFails(p));
        assertInstanceOf(AuthenticationException.class, fetchFails(p), "asked again, refused again");
        assertEquals(2, endpoint.requests().size());
    }

    @Test
    void anEndpointThatEchoesTheSecretNeverPutsItInAMessage() {
        for (int status : new int[] {400, 503}) {
            endpoint.answer(r -> TokenEndpointServer.error(status, status == 400 ? "invalid_client" : "server_error",
                    "client_secret " + r.form().get("client_secret") + " (form-encoded: Zx8Q%7Esecret-value%7E9) is wrong"));
            IOException e = fetchFails(provider());
            assertFalse(e.getMessage().contains(SECRET) || e.getMessage().contains("secret-value"), e.getMessage());
            assertTrue(e.getMessage().endsWith("client_secret <redacted> (form-encoded: <redacted>) is wrong"),
                    e.getMessage());
        }
    }
}
