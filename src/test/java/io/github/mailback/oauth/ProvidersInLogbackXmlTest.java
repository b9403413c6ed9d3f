package io.github.mailback.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import io.github.mailback.SmtpAppender;
import io.github.mailback.testing.TokenEndpointServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each provider as a user writes it in logback.xml: Joran makes the class named in
 * {@code <oauth2 class="...">} with its public no-argument constructor and calls a setter per nested
 * element, sealed hierarchy or not. The appender starts (so the provider's check passed) and the
 * provider fetches from a local endpoint with what the file said.
 */
@Timeout(30)
class ProvidersInLogbackXmlTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicInteger CONTEXTS = new AtomicInteger();

    @TempDir
    Path dir;
    private final TokenEndpointServer endpoint;
    private LoggerContext context;

    ProvidersInLogbackXmlTest() throws IOException {
        endpoint = new TokenEndpointServer();
    }

    @AfterEach
    void close() {
        if (context != null) {
            context.stop();
        }
        endpoint.close();
    }

    /** The appender's provider, configured from an {@code <oauth2>} element of {@code providerClass}. */
    private TokenProvider configure(String providerClass, String properties) throws JoranException {
        String xml = "<configuration>\n"
                + "  <appender name=\"EMAIL\" class=\"io.github.mailback.SmtpAppender\">\n"
                + "    <smtpHost>127.0.0.1</smtpHost>\n"
                + "    <to>ops@example.com</to>\n"
                + "    <from>alerts@example.com</from>\n"
                + "    <username>alerts@example.com</username>\n"
                + "    <oauth2 class=\"io.github.mailback.oauth." + providerClass + "\">\n"
                + properties
                + "    </oauth2>\n"
                + "    <verifyOnStart>false</verifyOnStart>\n"
                + "    <registerShutdownHook>false</registerShutdownHook>\n"
                + "  </appender>\n"
                + "  <root level=\"info\"><appender-ref ref=\"EMAIL\" /></root>\n"
                + "</configuration>\n";
        context = new LoggerContext();
        context.setName("providers-in-logback-xml-" + CONTEXTS.incrementAndGet());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        SmtpAppender appender = (SmtpAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("EMAIL");
        assertTrue(appender.isStarted(), () -> context.getStatusManager().getCopyOfStatusList().toString());
        return appender.getOauth2();
    }

    @Test
    void clientCredentialsWithClientSecretBasic() throws JoranException, IOException {
        TokenProvider p = configure("ClientCredentialsTokenProvider", "      <tokenUri>" + endpoint.uri() + "</tokenUri>\n"
                + "      <clientId>app-id</clientId>\n"
                + "      <clientSecret>s3cret</clientSecret>\n"
                + "      <scope>smtp</scope>\n"
                + "      <clientAuthentication>client_secret_basic</clientAuthentication>\n");
        assertEquals(ClientCredentialsTokenProvider.class, p.getClass());
        assertEquals("token-1", p.token("alerts@example.com", TIMEOUT));
        TokenEndpointServer.Request request = endpoint.requests().get(0);
        assertEquals("Basic " + Base64.getEncoder().encodeToString("app-id:s3cret".getBytes(StandardCharsets.US_ASCII)),
                request.authorization());
        assertEquals(Map.of("grant_type", "client_credentials", "scope", "smtp"), request.form());
    }

    @Test
    void microsoftWithItsDefaults() throws JoranException, IOException {
        TokenProvider p = configure("MicrosoftTokenProvider", "      <tenant>contoso.onmicrosoft.com</tenant>\n"
                + "      <clientId>app-id</clientId>\n"
                + "      <clientSecret>s3cret</clientSecret>\n"
                + "      <tokenUri>" + endpoint.uri() + "</tokenUri>\n");
        assertEquals("client_secret_post", assertInstanceOf(MicrosoftTokenProvider.class, p).getClientAuthentication());
        assertEquals("token-1", p.token("alerts@example.com", TIMEOUT));
        TokenEndpointServer.Request request = endpoint.requests().get(0);
        assertNull(request.authorization());
        assertEquals(Map.of("grant_type", "client_credentials", "client_id", "app-id", "client_secret", "s3cret",
                "scope", MicrosoftTokenProvider.DEFAULT_SCOPE), request.form());
    }

    @Test
    void googleServiceAccount() throws JoranException, IOException, GeneralSecurityException {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(rsa.generateKeyPair().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Path keyFile = Files.writeString(dir.resolve("key.json"), "{\"type\":\"service_account\",\"private_key\":"
                + Json.quote(pem) + ",\"client_email\":\"mailer@p.iam.gserviceaccount.com\",\"token_uri\":\""
                + endpoint.uri() + "\"}");
        TokenProvider p = configure("GoogleServiceAccountTokenProvider", "      <keyFile>" + keyFile + "</keyFile>\n"
                + "      <subject>robot@example.com</subject>\n");
        assertInstanceOf(GoogleServiceAccountTokenProvider.class, p);
        assertEquals("token-1", p.token("alerts@example.com", TIMEOUT));
        Map<String, String> form = endpoint.requests().get(0).form();
        assertEquals("urn:ietf:params:oauth:grant-type:jwt-bearer", form.get("grant_type"));
        String claims = new String(Base64.getUrlDecoder().decode(form.get("assertion").split("\\.")[1]),
                StandardCharsets.UTF_8);
        assertEquals("robot@example.com", Json.parse(claims).get("sub"), "the subject set in the file");
    }
}
