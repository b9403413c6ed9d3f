package io.github.mailback.oauth;

/**
 * Tokens for Microsoft 365 (Exchange Online) SMTP AUTH: the client credentials grant of an Entra ID
 * app registration, at {@code https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token} with the
 * scope {@code https://outlook.office365.com/.default}. Set {@code tenant} (id or domain),
 * {@code clientId} and {@code clientSecret}; {@code tokenUri} and {@code scope} override the defaults
 * (for a national cloud, say).
 */
public final class MicrosoftTokenProvider extends ClientCredentialsTokenProvider {
    /** The scope of Exchange Online, whose SMTP permission the app was granted. */
    public static final String DEFAULT_SCOPE = "https://outlook.office365.com/.default";

    private String tenant;

    /** A provider to configure with the setters. */
    public MicrosoftTokenProvider() {
        super("tenant");
    }

    /** The directory (tenant) id, or a domain of the tenant such as {@code contoso.onmicrosoft.com}. */
    public void setTenant(String tenant) {
        this.tenant = tenant;
    }

    @Override
    String tokenUri() {
        return tokenUri != null || tenant == null || tenant.isBlank() ? tokenUri
                : "https://login.microsoftonline.com/" + tenant.strip() + "/oauth2/v2.0/token";
    }

    @Override
    String scope() {
        return scope != null ? scope : DEFAULT_SCOPE;
    }

    @Override
    public void check() {
        if (tokenUri == null && tenant != null && !tenant.strip().matches("[\\w.-]*")) {
            throw new IllegalArgumentException("tenant is not a tenant id or domain: " + tenant);
        }
        super.check();
    }
}
