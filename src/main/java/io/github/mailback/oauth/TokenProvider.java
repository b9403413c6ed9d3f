package io.github.mailback.oauth;

import java.io.IOException;
import java.time.Duration;

/**
 * Gives OAuth 2.0 access tokens for SMTP AUTH XOAUTH2. Implement it for any token source; in
 * logback.xml it is the appender's {@code <oauth2 class="...">}, with one nested element per setter.
 * Implementations must be thread-safe, and must never show a secret or a token in an exception or
 * {@code toString}. The SMTP client calls {@link #token} on its sending thread, never on a logging
 * thread.
 */
@FunctionalInterface
public interface TokenProvider {
    /**
     * A token that is valid now for {@code user}, the mailbox the client authenticates as; cached
     * tokens are returned while they last. Returns or throws within {@code timeout}, the time left
     * for the message: a token fetch counts against its deadline.
     *
     * @throws javax.security.sasl.AuthenticationException when the token endpoint refused the grant
     *     (wrong secret, unknown client): trying again will not help
     * @throws IOException when no token could be had for now
     */
    String token(String user, Duration timeout) throws IOException;

    /** The server refused this token (535): forget it, so that the next {@link #token} call gets a new one. */
    default void refused(String token) {
    }

    /**
     * Checks the configuration without a network call, when the appender (or the command line)
     * starts; throws {@link IllegalArgumentException} naming each wrong property. Default: nothing.
     */
    default void check() {
    }

    /**
     * Releases what the provider holds (an HTTP client, a cached token); the appender calls it when it
     * stops. A later {@link #token} call may start again. The providers of this package let go of every
     * thread they started, so that a redeployed web application's class loader can be freed. Default:
     * nothing.
     */
    default void close() {
    }
}
