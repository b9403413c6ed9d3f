package io.github.mailback.oauth;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Tokens from the OAuth 2.0 client credentials grant (RFC 6749 section 4.4): a form POST to
 * {@code tokenUri} with {@code scope}, the client authenticated with {@code clientId} and
 * {@code clientSecret} as {@code clientAuthentication} says (section 2.3.1). Tokens are cached and
 * renewed before they expire. In logback.xml:
 * {@code <oauth2 class="io.github.mailback.oauth.ClientCredentialsTokenProvider">} with
 * {@code <tokenUri>}, {@code <clientId>}, {@code <clientSecret>}, {@code <scope>} and
 * {@code <clientAuthentication>}. Sealed: it builds on a type of this package, so only
 * {@link MicrosoftTokenProvider} extends it; for another token source, implement {@link TokenProvider}.
 */
public sealed class ClientCredentialsTokenProvider extends TokenEndpoint permits MicrosoftTokenProvider {
    /** The client id and secret in the form body: the default, as Microsoft Entra and Google expect. */
    public static final String CLIENT_SECRET_POST = "client_secret_post";
    /** The client id and secret in an {@code Authorization: Basic} header, as Okta, Authelia and Hydra expect. */
    public static final String CLIENT_SECRET_BASIC = "client_secret_basic";

    String tokenUri;
    String clientId;
    private String clientSecret;
    String scope;
    private String clientAuthentication;
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

    /**
     * How the client authenticates to the token endpoint, by the names of RFC 7591's
     * {@code token_endpoint_auth_method}: {@value #CLIENT_SECRET_POST} (the default) or
     * {@value #CLIENT_SECRET_BASIC}. Checked by {@link #check()}.
     */
    public void setClientAuthentication(String clientAuthentication) {
        this.clientAuthentication = clientAuthentication;
    }

    /** The client authentication in use: {@value #CLIENT_SECRET_POST} unless set. */
    public String getClientAuthentication() {
        return clientAuthentication == null || clientAuthentication.isBlank() ? CLIENT_SECRET_POST
                : clientAuthentication.strip();
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
        List<String> problems = new ArrayList<>();
        String missing = missing(uriProperty() + " clientId clientSecret", tokenUri(), clientId, clientSecret);
        if (!missing.isEmpty()) {
            problems.add(missing);
        }
        if (tokenUri() != null && !tokenUri().isBlank()) {
            try {
                endpoint(uriProperty(), tokenUri());
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        try {
            basic();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** Whether the client authenticates with HTTP Basic; throws naming the allowed values when neither. */
    private boolean basic() {
        String method = getClientAuthentication();
        if (!method.equals(CLIENT_SECRET_POST) && !method.equals(CLIENT_SECRET_BASIC)) {
            throw new IllegalArgumentException("clientAuthentication must be " + CLIENT_SECRET_POST + " or "
                    + CLIENT_SECRET_BASIC + ": " + clientAuthentication);
        }
        return method.equals(CLIENT_SECRET_BASIC);
    }

    @Override
    final Grant grant(String user) {
        required(uriProperty() + " clientId clientSecret", tokenUri(), clientId, clientSecret);
        if (!basic()) {
            // RFC 6749 section 2.3.1 allows the body for clients that cannot use Basic; Entra and Google want it.
            return new Grant(endpoint(uriProperty(), tokenUri()), form("grant_type", "client_credentials",
                    "client_id", clientId, "client_secret", clientSecret, "scope", scope()), null, List.of(clientSecret));
        }
        // RFC 6749 section 2.3.1: the id and the secret are each form-urlencoded (Appendix B) first, then
        // joined with ':' and base64'd as Basic (RFC 7617 section 2), so that a ':' in the id, or a '+' or
        // '%' in the secret, reads back as itself once the server decodes them; the body then carries neither.
        String credentials = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
        return new Grant(endpoint(uriProperty(), tokenUri()), form("grant_type", "client_credentials", "scope", scope()),
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.US_ASCII)),
                List.of(clientSecret));
    }
}
