package io.github.mailback.oauth;

import java.io.IOException;
import java.time.Duration;

/**
 * A web application as {@link TokenProviderCloseTest} loads it, in a class loader of its own: it keeps
 * its provider in a static field, as Logback's context, held by the application's classes, keeps a
 * stopped appender and the appender its provider.
 */
public final class RedeployedApp {
    static ClientCredentialsTokenProvider provider;

    private RedeployedApp() {
    }

    /** Starts the application: one token from {@code tokenUri}. */
    public static String start(String tokenUri) throws IOException {
        provider = new ClientCredentialsTokenProvider();
        provider.setTokenUri(tokenUri);
        provider.setClientId("app-id");
        provider.setClientSecret("s3cret");
        provider.check();
        return provider.token("alerts@example.com", Duration.ofSeconds(10));
    }

    /** Stops it as the appender does, its provider still referenced. */
    public static void stop() {
        provider.close();
    }
}
