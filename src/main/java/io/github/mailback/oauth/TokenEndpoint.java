package io.github.mailback.oauth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import javax.security.sasl.AuthenticationException;

/**
 * A provider that gets its tokens from an OAuth 2.0 token endpoint (RFC 6749 section 3.2): one form
 * POST per token with the JDK's HTTP client, the answer read for {@code access_token} and
 * {@code expires_in}, the token cached until shortly before it expires. One fetch at a time; a caller
 * waits for another's fetch no longer than its own timeout.
 */
abstract sealed class TokenEndpoint implements TokenProvider
        permits ClientCredentialsTokenProvider, GoogleServiceAccountTokenProvider {
    /** A token answer is a few KiB; a larger one is refused, never buffered. */
    static final int MAX_ANSWER = 64 * 1024;
    /** Tokens are renewed this long before they expire (at most half their lifetime)... */
    static final long REFRESH_MARGIN_NANOS = TimeUnit.MINUTES.toNanos(5);
    /** ...and kept this long when the answer has no {@code expires_in} (RFC 6749 says RECOMMENDED). */
    static final long DEFAULT_LIFETIME_SECONDS = 600;
    /** Nor kept longer than a day, whatever a hostile answer says. */
    static final long MAX_LIFETIME_SECONDS = 86_400;

    private final ReentrantLock lock = new ReentrantLock();
    /** The clock of expiries, in nanoseconds; tests set it. */
    LongSupplier clock = System::nanoTime;
    private HttpClient http;
    private String token;
    private String tokenUser;
    private long renewAt;

    TokenEndpoint() {
    }

    /**
     * A token request: the endpoint ({@link #endpoint}), the form body, the {@code Authorization}
     * header's value (null for none), and the secrets they carry.
     */
    record Grant(URI endpoint, String form, String authorization, List<String> secrets) {
    }

    /** The request for a new token for {@code user}. */
    abstract Grant grant(String user) throws IOException;

    @Override
    public final String token(String user, Duration timeout) throws IOException {
        long start = clock.getAsLong();
        try {
            if (!lock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new HttpTimeoutException("another thread's token fetch outlasted the timeout");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for a token");
        }
        try {
            if (token != null && Objects.equals(user, tokenUser) && clock.getAsLong() - renewAt < 0) {
                return token;
            }
            token = null;
            long lifetime = fetch(user, timeout.toNanos() - (clock.getAsLong() - start));
            renewAt = start + lifetime - Math.min(REFRESH_MARGIN_NANOS, lifetime / 2);
            tokenUser = user;
            return token;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public final void refused(String refused) {
        lock.lock();
        try {
            if (refused.equals(token)) {
                token = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Gets a new token into {@link #token} within {@code nanos}; returns its lifetime in nanoseconds. */
    private long fetch(String user, long nanos) throws IOException {
        HttpRequest request;
        try {
            Grant grant = grant(user);
            HttpRequest.Builder builder = HttpRequest.newBuilder(grant.endpoint())
                    .POST(HttpRequest.BodyPublishers.ofString(grant.form()))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json");
            if (grant.authorization() != null) {
                builder.header("Authorization", grant.authorization());
            }
            request = builder.build();
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        String where = "token endpoint " + request.uri();
        if (http == null) {
            http = HttpClient.newHttpClient();
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        // Keeps at most one byte more than MAX_ANSWER of whatever the server sends, however long it sends.
        CompletableFuture<HttpResponse<Void>> answer = http.sendAsync(request,
                info -> BodySubscribers.ofByteArrayConsumer(bytes -> bytes.ifPresent(
                        b -> body.write(b, 0, Math.min(b.length, MAX_ANSWER + 1 - body.size())))));
        HttpResponse<Void> response;
        try {
            // The whole answer, body included, within the time left: the one timeout of a fetch.
            response = answer.get(Math.max(1, nanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new HttpTimeoutException(where + " did not answer in time");
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(where + ": interrupted");
        } catch (ExecutionException e) {
            throw new IOException(where + " failed: " + e.getCause(), e.getCause());
        }
        if (body.size() > MAX_ANSWER) {
            throw new IOException(where + " answered more than " + MAX_ANSWER + " bytes");
        }
        Map<String, Object> json;
        try {
            json = Json.parse(body.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException(where + " answered HTTP " + response.statusCode() + ", " + e.getMessage());
        }
        if (response.statusCode() != 200) {
            // RFC 6749 section 5.2: 400 (or 401) with error and error_description, which say what is wrong.
            String why = where + " answered HTTP " + response.statusCode() + ": " + clean(json.get("error")) + ": "
                    + clean(json.get("error_description"));
            throw response.statusCode() == 400 || response.statusCode() == 401 ? new AuthenticationException(why)
                    : new IOException(why);
        }
        if (!(json.get("access_token") instanceof String t) || t.isEmpty()) {
            throw new IOException(where + " answered without an access_token");
        }
        Object expiresIn = json.get("expires_in");
        double seconds = DEFAULT_LIFETIME_SECONDS;
        try {
            // A number as RFC 6749 says, or a numeric string as some endpoints send.
            seconds = expiresIn instanceof Double d ? d : expiresIn instanceof String s ? Double.parseDouble(s) : seconds;
        } catch (NumberFormatException e) {
            // The default, then.
        }
        token = t;
        return TimeUnit.SECONDS.toNanos((long) Math.max(0, Math.min(MAX_LIFETIME_SECONDS, seconds)));
    }

    /** A server's text for a message: printable characters only, cut at 200. */
    private static String clean(Object text) {
        String s = text instanceof String t ? t.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]", " ") : "(none)";
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /**
     * The token endpoint {@code uri} of the {@code property}, which must be HTTPS: the answer is a
     * bearer token and the request a secret. Plain HTTP only to {@code localhost} or a loopback address
     * literal (names are not resolved, so DNS cannot make a remote host count as loopback).
     */
    static URI endpoint(String property, String uri) {
        try {
            URI u = new URI(uri);
            String host = u.getHost() == null ? "" : u.getHost().replaceAll("^\\[|\\]$", "");
            if ("https".equalsIgnoreCase(u.getScheme()) && !host.isEmpty() || "http".equalsIgnoreCase(u.getScheme())
                    && (host.equalsIgnoreCase("localhost") || host.matches("[0-9.]+|.*:.*")
                    && InetAddress.getByName(host).isLoopbackAddress())) {
                return u;
            }
        } catch (URISyntaxException | UnknownHostException e) {
            // Refused below.
        }
        throw new IllegalArgumentException(property + " must be an https URI (http only to a loopback address): " + uri);
    }

    /** {@code application/x-www-form-urlencoded} name=value pairs. */
    static String form(String... namesAndValues) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                sb.append(sb.length() == 0 ? "" : "&").append(namesAndValues[i]).append('=')
                        .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
            }
        }
        return sb.toString();
    }

    /** Throws naming each of the {@code names} (space separated) whose value is null or blank. */
    static void required(String names, String... values) {
        String missing = missing(names, values);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(missing);
        }
    }

    /** "a, b not set" for each of the {@code names} (space separated) whose value is null or blank; else empty. */
    static String missing(String names, String... values) {
        StringBuilder missing = new StringBuilder();
        String[] n = names.split(" ");
        for (int i = 0; i < n.length; i++) {
            if (values[i] == null || values[i].isBlank()) {
                missing.append(missing.length() == 0 ? "" : ", ").append(n[i]);
            }
        }
        return missing.length() == 0 ? "" : missing + " not set";
    }
}
