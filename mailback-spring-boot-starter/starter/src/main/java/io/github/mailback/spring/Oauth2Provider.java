package io.github.mailback.spring;

import io.github.mailback.oauth.ClientCredentialsTokenProvider;
import io.github.mailback.oauth.GoogleServiceAccountTokenProvider;
import io.github.mailback.oauth.MicrosoftTokenProvider;
import io.github.mailback.oauth.TokenProvider;
import java.util.List;
import java.util.function.Consumer;

/** {@code mailback.oauth2.provider}: the built-in token providers, each made from the fields it uses. */
public enum Oauth2Provider {
    /** Microsoft 365 (Entra ID): {@link MicrosoftTokenProvider}. */
    MICROSOFT(List.of("tenant", "client-id", "client-secret", "client-authentication", "scope", "token-uri")),
    /** Gmail (Google Workspace) through a service account: {@link GoogleServiceAccountTokenProvider}. */
    GOOGLE(List.of("key-file", "subject", "scope")),
    /** Any OAuth 2.0 token endpoint, client credentials grant: {@link ClientCredentialsTokenProvider}. */
    CLIENT_CREDENTIALS(List.of("token-uri", "client-id", "client-secret", "client-authentication", "scope"));

    /** The {@code mailback.oauth2.*} fields this provider reads, without the prefix. */
    final List<String> fields;

    Oauth2Provider(List<String> fields) {
        this.fields = fields;
    }

    /** The provider, configured with the fields that are set; the appender checks it at start. */
    TokenProvider create(MailbackProperties.Oauth2 o) {
        return switch (this) {
            case MICROSOFT -> {
                MicrosoftTokenProvider p = new MicrosoftTokenProvider();
                set(o.getTenant(), p::setTenant);
                set(o.getClientId(), p::setClientId);
                set(o.getClientSecret(), p::setClientSecret);
                set(o.getClientAuthentication(), p::setClientAuthentication);
                set(o.getScope(), p::setScope);
                set(o.getTokenUri(), p::setTokenUri);
                yield p;
            }
            case GOOGLE -> {
                GoogleServiceAccountTokenProvider p = new GoogleServiceAccountTokenProvider();
                set(o.getKeyFile(), p::setKeyFile);
                set(o.getSubject(), p::setSubject);
                set(o.getScope(), p::setScope);
                yield p;
            }
            case CLIENT_CREDENTIALS -> {
                ClientCredentialsTokenProvider p = new ClientCredentialsTokenProvider();
                set(o.getTokenUri(), p::setTokenUri);
                set(o.getClientId(), p::setClientId);
                set(o.getClientSecret(), p::setClientSecret);
                set(o.getClientAuthentication(), p::setClientAuthentication);
                set(o.getScope(), p::setScope);
                yield p;
            }
        };
    }

    /** The value in {@code mailback.oauth2.provider}: {@code client-credentials}. */
    String propertyValue() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private static void set(String value, Consumer<String> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
