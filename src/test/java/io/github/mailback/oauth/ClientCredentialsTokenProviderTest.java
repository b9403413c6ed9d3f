package io.github.mailback.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mailback.testing.TokenEndpointServer;
import io.github.mailback.testing.TokenEndpointServer.Answer;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URLDecoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.sasl.AuthenticationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The client credentials grant (RFC 6749 section 4.4) against a local token endpoint. */
@Timeout(20)
class ClientCredentialsTokenProviderTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String SECRET = "Zx8Q~secret-value~9";

    private final TokenEndpointServer endpoint;
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    ClientCredentialsTokenProviderTest() throws IOException {
        endpoint = new TokenEndpointServer();
    }

    @AfterEach
    void close() {
        endpoint.close();
    }

    private ClientCredentialsTokenProvider provider() {
        ClientCredentialsTokenProvider p = endpoint.provider(SECRET);
        p.setScope("https://outlook.office365.com/.default");
        p.clock = now::get;
        p.check();
        return p;
    }

    @Test
    void postsTheGrantAsAFormWithTheSecretInTheBody() throws IOException {
        assertEquals("token-1", provider().token("alerts@example.com", TIMEOUT));
        TokenEndpointServer.Request request = endpoint.requests().get(0);
        assertEquals(Map.of("grant_type", "client_credentials", "client_id", "app-id", "client_secret", SECRET,
                "scope", "https://outlook.office365.com/.default"), request.form());
        assertEquals("application/x-www-form-urlencoded", request.contentType());
        assertNull(request.authorization(), "client_secret_post is the default: no Authorization header");
    }

    @Test
    void clientSecretBasicFormEncodesTheIdAndSecretIntoTheHeaderAndLeavesThemOutOfTheBody() throws IOException {
        // ':' '+' '%' '~' '/' '=' ' ' and non-ASCII: each must survive the server's split at ':' and its decoding.
        String id = "app:id+1%\u00e9";
        String secret = "Zx8Q:~s\u00e9 cret+/%41==";
        ClientCredentialsTokenProvider p = provider();
        p.setClientId(id);
        p.setClientSecret(secret);
        p.setClientAuthentication("client_secret_basic");
        p.check();
        assertEquals("token-1", p.token("a@example.com", TIMEOUT));
        TokenEndpointServer.Request request = endpoint.requests().get(0);
        // RFC 6749 section 2.3.1: app%3Aid%2B1%25%C3%A9:Zx8Q%3A%7Es%C3%A9+cret%2B%2F%2541%3D%3D, in base64 (worked
        // out apart from the code under test).
        assertEquals("Basic YXBwJTNBaWQlMkIxJTI1JUMzJUE5Olp4OFElM0ElN0VzJUMzJUE5K2NyZXQlMkIlMkYlMjU0MSUzRCUzRA==",
                request.authorization());
        assertEquals(Map.of("grant_type", "client_credentials", "scope", "https://outlook.office365.com/.default"),
                request.form(), "no client_id or client_secret in the body");
        // What a server does: base64, split at the first ':', form-decode each half.
        String credentials = new String(Base64.getDecoder().decode(request.authorization().substring(6)),
                StandardCharsets.US_ASCII);
        int colon = credentials.indexOf(':');
        assertEquals(id, URLDecoder.decode(credentials.substring(0, colon), StandardCharsets.UTF_8));
        assertEquals(secret, URLDecoder.decode(credentials.substring(colon + 1), StandardCharsets.UTF_8));
    }

    @Test
    void clientAuthenticationIsClientSecretPostByDefaultAndOnlyThoseTwoValues() {
        ClientCredentialsTokenProvider p = provider();
        assertEquals("client_secret_post", p.getClientAuthentication());
        p.setClientAuthentication(" client_secret_basic ");
        p.check();
        assertEquals("client_secret_basic", p.getClientAuthentication());
        p.setClientAuthentication("");
        assertEquals("client_secret_post", p.getClientAuthentication(), "an empty ${VAR:-} means the default");
        for (String wrong : new String[] {"client_secret_jwt", "basic", "CLIENT_SECRET_BASIC", "none"}) {
            p.setClientAuthentication(wrong);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, p::check, wrong);
            assertEquals("clientAuthentication must be client_secret_post or client_secret_basic: " + wrong,
                    e.getMessage());
            IOException fetch = assertThrows(IOException.class, () -> p.token("a@example.com", TIMEOUT), wrong);
            assertEquals(e.getMessage(), fetch.getMessage());
        }
        assertEquals(0, endpoint.requests().size());
        ClientCredentialsTokenProvider empty = new ClientCredentialsTokenProvider();
        empty.setClientAuthentication("client_secret_jwt");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, empty::check);
        assertEquals("tokenUri, clientId, clientSecret not set; clientAuthentication must be client_secret_post or "
                + "client_secret_basic: client_secret_jwt", e.getMessage(), "every wrong property at once");
    }

    @Test
    void aTokenIsCachedThenRenewedFiveMinutesBeforeItExpires() throws IOException {
        ClientCredentialsTokenProvider p = provider();
        assertEquals("token-1", p.token("a@example.com", TIMEOUT));
        now.addAndGet(TimeUnit.MINUTES.toNanos(55) - 1);
        assertEquals("token-1", p.token("a@example.com", TIMEOUT));
        assertEquals(1, endpoint.requests().size());
        now.addAndGet(1);
        assertEquals("token-2", p.token("a@example.com", TIMEOUT));
        assertEquals("token-2", p.token("a@example.com", TIMEOUT));
        assertEquals(2, endpoint.requests().size());
    }

    @Test
    void aShortLivedTokenIsRenewedHalfWayAndOneWithoutExpiryAfterFiveMinutes() throws IOException {
        endpoint.answer(r -> TokenEndpointServer.token("short-" + endpoint.requests().size(), 60));
        ClientCredentialsTokenProvider p = provider();
        assertEquals("short-1", p.token("a@example.com", TIMEOUT));
        now.addAndGet(TimeUnit.SECONDS.toNanos(29));
        assertEquals("short-1", p.token("a@example.com", TIMEOUT));
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertEquals("short-2", p.token("a@example.com", TIMEOUT));

        endpoint.answer(r -> new Answer(200, "{\"access_token\":\"no-expiry\"}"));
        now.addAndGet(TimeUnit.SECONDS.toNanos(30));
        assertEquals("no-expiry", p.token("a@example.com", TIMEOUT));
        now.addAndGet(TimeUnit.MINUTES.toNanos(5) - 1);
        assertEquals("no-expiry", p.token("a@example.com", TIMEOUT));
        assertEquals(3, endpoint.requests().size());
    }

    @Test
    void expiresInAsAStringIsReadToo() throws IOException {
        endpoint.answer(r -> new Answer(200, "{\"access_token\":\"t\",\"expires_in\":\"3599\"}"));
        ClientCredentialsTokenProvider p = provider();
        p.token("a@example.com", TIMEOUT);
        now.addAndGet(TimeUnit.MINUTES.toNanos(54));
        p.token("a@example.com", TIMEOUT);
        assertEquals(1, endpoint.requests().size());
    }

    @Test
    void aRefusedTokenIsReplacedAtTheNextCall() throws IOException {
        ClientCredentialsTokenProvider p = provider();
        assertEquals("token-1", p.token("a@example.com", TIMEOUT));
        p.refused("some other token");
        assertEquals("token-1", p.token("a@example.com", TIMEOUT));
        p.refused("token-1");
        assertEquals("token-2", p.token("a@example.com", TIMEOUT));
    }

    @Test
    void aBadSecretGivesTheErrorCodeAndDescriptionNeverTheSecret() {
        endpoint.answer(r -> TokenEndpointServer.error(401, "invalid_client",
                "AADSTS7000215: Invalid client secret provided.\\r\\nTrace ID: 42"));
        IOException e = assertThrows(IOException.class, () -> provider().token("a@example.com", TIMEOUT));
        assertInstanceOf(AuthenticationException.class, e, "a refused grant stays refused");
        String message = e.getMessage();
        assertTrue(message.contains("HTTP 401: invalid_client: AADSTS7000215: Invalid client secret provided."),
                message);
        assertFalse(message.contains(SECRET) || message.contains("\r") || message.contains("\n"), message);
    }

    @Test
    void aServerErrorIsNotARefusal() {
        endpoint.answer(r -> new Answer(503, "<html>busy</html>"));
        IOException e = assertThrows(IOException.class, () -> provider().token("a@example.com", TIMEOUT));
        assertFalse(e instanceof AuthenticationException, e.toString());
        assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"huge, answered more than 65536 bytes", "deep, JSON nested too deeply",
        "missing, answered without an access_token", "number, answered without an access_token",
        "empty, answered without an access_token", "html, not valid JSON"})
    void hostileAnswersGiveAClearErrorNeverAToken(String kind, String expected) {
        String body = switch (kind) {
            case "huge" -> "{\"access_token\":\"" + "x".repeat(2 << 20) + "\"}";
            case "deep" -> "{\"a\":" + "[".repeat(20_000) + "]".repeat(20_000) + ",\"access_token\":\"t\"}";
            case "missing" -> "{\"token_type\":\"Bearer\",\"expires_in\":3600}";
            case "number" -> "{\"access_token\":12345}";
            case "empty" -> "{\"access_token\":\"\"}";
            default -> "<html>ok</html>";
        };
        endpoint.answer(r -> new Answer(200, body));
        IOException e = assertThrows(IOException.class, () -> provider().token("a@example.com", TIMEOUT));
        assertTrue(e.getMessage().startsWith("token endpoint " + endpoint.uri()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().length() < 300, e.getMessage());
    }

    @Test
    void aSilentEndpointFailsWithinTheTimeoutGiven() {
        endpoint.stall();
        ClientCredentialsTokenProvider p = provider();
        long start = System.nanoTime();
        HttpTimeoutException e = assertThrows(HttpTimeoutException.class,
                () -> p.token("a@example.com", Duration.ofMillis(300)));
        assertTrue(e.getMessage().contains("did not answer in time"), e.getMessage());
        assertEquals(1, endpoint.requests().size());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(8), "far beyond the 300 ms given");
    }

    @Test
    void anAnswerWhoseBodyNeverEndsFailsWithinTheTimeoutGiven() {
        // Headers in time, then a body that never ends: the deadline covers the whole answer.
        endpoint.trickle();
        ClientCredentialsTokenProvider p = provider();
        HttpTimeoutException e = assertThrows(HttpTimeoutException.class,
                () -> p.token("a@example.com", Duration.ofMillis(500)));
        assertTrue(e.getMessage().contains("did not answer in time"), e.getMessage());
    }

    @Test
    void httpsIsRequiredExceptToALoopbackAddress() {
        for (String ok : new String[] {"https://login.example.com/token", "http://127.0.0.1:8080/t",
            "http://localhost/t", "http://[::1]:80/t"}) {
            ClientCredentialsTokenProvider p = provider();
            p.setTokenUri(ok);
            p.check();
        }
        for (String bad : new String[] {"http://login.example.com/token", "http://127.0.0.1.nip.io/t", "ftp://127.0.0.1/",
            "https:///nohost", "not a uri"}) {
            ClientCredentialsTokenProvider p = provider();
            p.setTokenUri(bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, p::check, bad);
            assertTrue(e.getMessage().startsWith("tokenUri must be an https URI"), e.getMessage());
            IOException fetch = assertThrows(IOException.class, () -> p.token("a@example.com", TIMEOUT), bad);
            assertTrue(fetch.getMessage().startsWith("tokenUri must be an https URI"), fetch.getMessage());
        }
        assertEquals(0, endpoint.requests().size());
    }

    @Test
    void checkNamesEveryMissingPropertyAndNoSecret() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ClientCredentialsTokenProvider().check());
        assertEquals("tokenUri, clientId, clientSecret not set", e.getMessage());
        MicrosoftTokenProvider m = new MicrosoftTokenProvider();
        m.setClientSecret(SECRET);
        e = assertThrows(IllegalArgumentException.class, m::check);
        assertEquals("tenant, clientId not set", e.getMessage());
        m.setClientId("app");
        m.setTenant("../evil");
        e = assertThrows(IllegalArgumentException.class, m::check);
        assertEquals("tenant is not a tenant id or domain: ../evil", e.getMessage());
        assertFalse(provider().toString().contains(SECRET));
    }

    @Test
    void microsoftDefaultsToItsEndpointAndTheExchangeOnlineScope() throws IOException {
        MicrosoftTokenProvider m = new MicrosoftTokenProvider();
        m.setTenant("contoso.onmicrosoft.com");
        m.setClientId("app-id");
        m.setClientSecret(SECRET);
        m.check();
        assertEquals("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token", m.tokenUri());
        // The endpoint can be overridden (a national cloud; here the local one), the scope stays Exchange Online's.
        m.setTokenUri(endpoint.uri());
        assertEquals("token-1", m.token("a@example.com", TIMEOUT));
        assertEquals(Map.of("grant_type", "client_credentials", "client_id", "app-id", "client_secret", SECRET,
                "scope", "https://outlook.office365.com/.default"), endpoint.requests().get(0).form());

        m.setClientAuthentication("client_secret_basic");
        m.refused("token-1");
        assertEquals("token-2", m.token("a@example.com", TIMEOUT));
        TokenEndpointServer.Request basic = endpoint.requests().get(1);
        // The '~' of the secret is form-encoded too: %7E.
        assertEquals("Basic " + Base64.getEncoder().encodeToString(
                "app-id:Zx8Q%7Esecret-value%7E9".getBytes(StandardCharsets.US_ASCII)), basic.authorization());
        assertEquals(Map.of("grant_type", "client_credentials", "scope", "https://outlook.office365.com/.default"),
                basic.form());
    }

    @Test
    void theProvidersCannotBeSubclassedOutsideThisPackage() {
        // They build on the package-private TokenEndpoint; a provider of one's own implements TokenProvider.
        assertTrue(ClientCredentialsTokenProvider.class.isSealed());
        assertEquals(List.of(MicrosoftTokenProvider.class), List.of(ClientCredentialsTokenProvider.class.getPermittedSubclasses()));
        assertTrue(Modifier.isFinal(MicrosoftTokenProvider.class.getModifiers()));
        assertTrue(Modifier.isFinal(GoogleServiceAccountTokenProvider.class.getModifiers()));
    }
}
