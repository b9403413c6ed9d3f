package io.github.mailback.oauth;

import java.net.http.HttpRequest;

/**
 * Tokens from the OAuth 2.0 client credentials grant (RFC 6749 section 4.4): a form POST to
 * {@code tokenUri} with {@code client_id}, {@code client_secret} (in the body, section 2.3.1) and
 * {@code scope}. Tokens are cached and renewed before they expire. In logback.xml:
 * {@code <oauth2 class="io.github.mailback.oauth.ClientCredentialsTokenProvider">} with
 * {@code <tokenUri>}, {@code <clientId>}, {@code <clientSecret>} and {@code <scope>}.
 */
public class ClientCredentialsTokenProvider extends TokenEndpoint {
    String tokenUri;
    String clientId;
    private String clientSecret;
    String scope;
    /** The property that sets the endpoint, for messages. */
    private final String uriProperty;

    /** A provider to configure with the setters. */
    public ClientCredentialsTokenProvider() {
        this("tokenUri");
    }

    ClientCredentialsTokenProvider(String uriProperty) {
        this.uriProperty = uriProperty;
    }

    /** The token endpoint, an https URI (http only to a loopback address). */
    public void setTokenUri(String tokenUri) {
        this.tokenUri = tokenUri;
    }

    /** The application (client) id. */
    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    /** The client secret; never shown. */
    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret;
    }

    /** The scope asked for (space separated); none by default. */
    public void setScope(String scope) {
        this.scope = scope;
    }

    /** The endpoint in use. */
    String tokenUri() {
        return tokenUri;
    }

    /** The scope in use. */
    String scope() {
        return scope;
    }

    private String uriProperty() {
        return tokenUri != null ? "tokenUri" : uriProperty;
    }

    @Override
    public void check() {
        required(uriProperty() + " clientId clientSecret", tokenUri(), clientId, clientSecret);
        endpoint(uriProperty(), tokenUri());
    }

    @Override
    final HttpRequest.Builder request(String user) {
        return HttpRequest.newBuilder(endpoint(uriProperty(), tokenUri())).POST(HttpRequest.BodyPublishers.ofString(
                form("grant_type", "client_credentials", "client_id", clientId, "client_secret", clientSecret,
                        "scope", scope())));
    }
}
