package io.github.mailback.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mailback.testing.TokenEndpointServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.security.sasl.AuthenticationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JWT bearer grant (RFC 7523): a local endpoint that checks the assertion's RS256 signature with
 * the public half of a key pair made here, and its claims, as Google's does.
 */
@Timeout(20)
class GoogleServiceAccountTokenProviderTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String EMAIL = "mailer@project.iam.gserviceaccount.com";
    private static final KeyPair KEYS = keyPair();

    @TempDir
    Path dir;
    private final TokenEndpointServer endpoint;
    /** The claims of each assertion that verified, as the endpoint read them. */
    private final ConcurrentLinkedQueue<Map<String, Object>> verified = new ConcurrentLinkedQueue<>();

    GoogleServiceAccountTokenProviderTest() throws IOException {
        endpoint = new TokenEndpointServer().answer(r -> {
            Map<String, Object> claims = verify(r.form(), KEYS.getPublic());
            if (claims == null) {
                return TokenEndpointServer.error(400, "invalid_grant", "Invalid JWT Signature.");
            }
            verified.add(claims);
            return TokenEndpointServer.token("ya29.token-" + verified.size(), 3599);
        });
    }

    @AfterEach
    void close() {
        endpoint.close();
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    /** A key file as Google's console writes it, the private key a PKCS#8 PEM. */
    private Path keyFile(KeyPair keys) throws IOException {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Path file = dir.resolve("key.json");
        Files.writeString(file, "{\n  \"type\": \"service_account\",\n  \"project_id\": \"p\",\n  \"private_key_id\": \"k1\",\n"
                + "  \"private_key\": " + Json.quote(pem) + ",\n  \"client_email\": \"" + EMAIL + "\",\n"
                + "  \"token_uri\": \"" + endpoint.uri() + "\"\n}\n");
        return file;
    }

    /** What Google's endpoint checks: the grant type, the signature, the claims' presence and times; null if wrong. */
    private static Map<String, Object> verify(Map<String, String> form, PublicKey key) {
        try {
            if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
                return null;
            }
            String[] parts = form.get("assertion").split("\\.");
            Base64.Decoder url = Base64.getUrlDecoder();
            Map<String, Object> header = Json.parse(new String(url.decode(parts[0]), StandardCharsets.UTF_8));
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(key);
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (parts.length != 3 || !"RS256".equals(header.get("alg")) || !rs256.verify(url.decode(parts[2]))) {
                return null;
            }
            Map<String, Object> claims = Json.parse(new String(url.decode(parts[1]), StandardCharsets.UTF_8));
            double now = System.currentTimeMillis() / 1000.0;
            double iat = (Double) claims.get("iat");
            double exp = (Double) claims.get("exp");
            return Math.abs(iat - now) < 60 && exp - iat == 3600 ? claims : null;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    private GoogleServiceAccountTokenProvider provider(Path keyFile) {
        GoogleServiceAccountTokenProvider p = new GoogleServiceAccountTokenProvider();
        p.setKeyFile(keyFile.toString());
        p.check();
        return p;
    }

    @Test
    void signsAGrantTheEndpointVerifiesAndImpersonatesTheMailbox() throws IOException {
        GoogleServiceAccountTokenProvider p = provider(keyFile(KEYS));
        assertEquals("ya29.token-1", p.token("alerts@example.com", TIMEOUT));
        assertEquals(Map.of("iss", EMAIL, "sub", "alerts@example.com", "scope", "https://mail.google.com/",
                "aud", endpoint.uri()), claimsWithoutTimes(verified.peek()));
        assertEquals("ya29.token-1", p.token("alerts@example.com", TIMEOUT), "cached");
        assertEquals(1, endpoint.requests().size());
    }

    @Test
    void subjectAndScopeOverrideTheDefaults() throws IOException {
        GoogleServiceAccountTokenProvider p = provider(keyFile(KEYS));
        p.setSubject("robot@example.com");
        p.setScope("https://www.googleapis.com/auth/gmail.send");
        p.token("alerts@example.com", TIMEOUT);
        assertEquals(Map.of("iss", EMAIL, "sub", "robot@example.com", "scope",
                "https://www.googleapis.com/auth/gmail.send", "aud", endpoint.uri()), claimsWithoutTimes(verified.peek()));
    }

    @Test
    void aGrantSignedWithAnotherKeyIsRefusedWithTheEndpointsError() throws IOException {
        GoogleServiceAccountTokenProvider p = provider(keyFile(keyPair()));
        IOException e = assertThrows(IOException.class, () -> p.token("alerts@example.com", TIMEOUT));
        assertInstanceOf(AuthenticationException.class, e);
        assertTrue(e.getMessage().endsWith("HTTP 400: invalid_grant: Invalid JWT Signature."), e.getMessage());
        assertTrue(verified.isEmpty());
    }

    @Test
    void anEndpointThatEchoesTheAssertionNeverPutsItInAMessage() throws IOException {
        GoogleServiceAccountTokenProvider p = provider(keyFile(KEYS));
        endpoint.answer(r -> TokenEndpointServer.error(400, "invalid_grant", "bad assertion " + r.form().get("assertion")));
        IOException e = assertThrows(IOException.class, () -> p.token("alerts@example.com", TIMEOUT));
        assertTrue(e.getMessage().endsWith("HTTP 400: invalid_grant: bad assertion <redacted>"), e.getMessage());
        assertFalse(e.getMessage().contains("eyJ"), "no part of the JWT: " + e.getMessage());
    }

    @Test
    void aWrongKeyFileIsReportedAtCheckNamingWhatIsWrongButNoKey() throws IOException {
        String key = Files.readString(keyFile(KEYS));
        String base64 = Base64.getEncoder().encodeToString(KEYS.getPrivate().getEncoded()).substring(100, 140);
        Map<String, String> cases = Map.of(
                "missing.json", "cannot be read",
                "noKey.json", "is not a service account key: no private_key",
                "pkcs1.json", "the private_key cannot sign: not a PKCS#8 PEM key",
                "garbled.json", "the private_key cannot sign",
                "notJson.json", "cannot be read: java.io.IOException: not valid JSON",
                "plainHttp.json", "the token_uri of keyFile must be an https URI");
        Files.writeString(dir.resolve("noKey.json"), key.replaceAll("\"private_key\"", "\"other\""));
        Files.writeString(dir.resolve("pkcs1.json"), key.replace("BEGIN PRIVATE", "BEGIN RSA PRIVATE"));
        Files.writeString(dir.resolve("garbled.json"), key.replace(base64.substring(0, 8), "AAAAAAAA"));
        Files.writeString(dir.resolve("notJson.json"), key.substring(0, key.length() / 2));
        Files.writeString(dir.resolve("plainHttp.json"), key.replace("http://127.0.0.1", "http://google.example"));
        cases.forEach((file, expected) -> {
            GoogleServiceAccountTokenProvider p = new GoogleServiceAccountTokenProvider();
            p.setKeyFile(dir.resolve(file).toString());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, p::check, file);
            assertTrue(e.getMessage().contains(expected), file + ": " + e.getMessage());
            assertFalse(e.getMessage().contains(base64) || e.getMessage().contains("MII"), e.getMessage());
        });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GoogleServiceAccountTokenProvider().check());
        assertEquals("keyFile not set", e.getMessage());
        assertEquals(0, endpoint.requests().size());
    }

    private static Map<String, Object> claimsWithoutTimes(Map<String, Object> claims) {
        Map<String, Object> c = new java.util.HashMap<>(claims);
        c.remove("iat");
        c.remove("exp");
        return c;
    }
}
