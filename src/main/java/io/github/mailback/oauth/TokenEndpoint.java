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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import javax.security.sasl.AuthenticationException;

/**
 * A provider that gets its tokens from an OAuth 2.0 token endpoint (RFC 6749 section 3.2): one form
 * POST per token with the JDK's HTTP client, the answer read for {@code access_token} and
 * {@code expires_in}, the token cached until shortly before it expires. One fetch at a time; a caller
 * waits for another's fetch no longer than its own timeout. A refusal is an
 * {@link AuthenticationException}; an error that may pass is a plain {@link IOException}, and when the
 * endpoint sent {@code Retry-After}, every fetch until then fails at once without a request.
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
    /**
     * A {@code Retry-After} holds fetches back this long at most: a longer one, hostile or mistaken,
     * would outlast any sensible {@code retryFor} and silence the alerts.
     */
    static final long MAX_RETRY_AFTER_SECONDS = 3600;
    /**
     * The {@code error} codes that mean "try again". RFC 6749 defines them for the authorization
     * endpoint (section 4.1.2.1), whose redirect cannot carry a 5xx status; Microsoft Entra sends them
     * from its token endpoint too, with HTTP 400, and its error reference says "Retry the request".
     * Every other code at 400 or 401 is a refusal that trying again cannot change: section 5.2's
     * {@code invalid_request}, {@code invalid_client}, {@code invalid_grant}, {@code unauthorized_client},
     * {@code unsupported_grant_type} and {@code invalid_scope}, and providers' own (Google's
     * {@code admin_policy_enforced}). Google answers its own failures with a 5xx, retried by status.
     */
    private static final Set<String> TRANSIENT_ERRORS = Set.of("temporarily_unavailable", "server_error");
    /**
     * Entra's AADSTS50033, "RetryableError: a transient error not related to the database operations",
     * whatever the {@code error} beside it: found in {@code error_codes}, or at the start of
     * {@code error_description} ("AADSTS50033: ...").
     */
    private static final double ENTRA_RETRYABLE_CODE = 50033;
    private static final Pattern ENTRA_RETRYABLE_DESCRIPTION = Pattern.compile("^AADSTS50033\\b");
    private static final String REDACTED = "<redacted>";

    private final ReentrantLock lock = new ReentrantLock();
    /** The clock of expiries and waits, in nanoseconds; tests set it. */
    LongSupplier clock = System::nanoTime;
    /** The wall clock, for a {@code Retry-After} date and to say until when fetches wait; tests set it. */
    Clock wallClock = Clock.systemUTC();
    private HttpClient http;
    private String token;
    private String tokenUser;
    private long renewAt;
    /** While not null, the endpoint asked for a pause (Retry-After): why, and until when on both clocks. */
    private String pauseReason;
    private long pauseUntil;
    private Instant pauseUntilInstant;

    TokenEndpoint() {
    }

    /**
     * A token request: the endpoint ({@link #endpoint}), the form body, the {@code Authorization}
     * header's value (null for none), and the secrets they carry, which never appear in a message, even
     * when the endpoint echoes them back.
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
            checkPause();
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

    /**
     * Forgets the cached token and lets the HTTP client go; a later {@link #token} call starts a new
     * one. Waits for a fetch under way, which ends within its caller's timeout.
     *
     * <p>Java 17's {@code HttpClient} cannot be closed (Java 21 added {@code shutdownNow}, called here
     * when present). It leaves its selector manager, the daemon thread {@code HttpClient-N-SelectorManager},
     * which shuts the client's worker pool down when it ends, and it ends by itself once the client is
     * idle and unreferenced: it holds the facade {@code newHttpClient()} returned only weakly and looks
     * at it at least every 3 s ({@code HttpClientImpl.SelectorManager} in openjdk/jdk17u:
     * {@code isReferenced()}, {@code NODEADLINE}). While it runs it does keep the application's class
     * loader reachable: {@code Thread}'s constructor copies the creator's context class loader and
     * {@code AccessController.getContext()}, whose protection domains (ours, on the stack) name the
     * loader, security manager or not. In a web container that is a cycle, hence a leak: the loader's
     * classes hold Logback's context in a static, the context the stopped appender, the appender this
     * provider, the provider the client, so the weak reference never clears and the thread never ends.
     * Dropping the client here cuts the cycle: a collection clears the facade, the thread ends within
     * 3 s, and the loader goes at a later collection. {@code TokenProviderCloseTest} checks both.
     */
    @Override
    public final void close() {
        HttpClient client;
        lock.lock();
        try {
            client = http;
            http = null;
            token = null;
            tokenUser = null;
        } finally {
            lock.unlock();
        }
        if (client != null) {
            shutdownNow(client);
        }
    }

    /** {@code HttpClient.shutdownNow()} where the running JDK has it (21 and later); this code is built for 17. */
    private static void shutdownNow(HttpClient client) {
        try {
            HttpClient.class.getMethod("shutdownNow").invoke(client);
        } catch (NoSuchMethodException e) {
            // Java 17 to 20: the client's threads end once it is unreferenced, as close() explains.
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Nothing to report to: the reference is dropped, which is what Java 17 relies on anyway.
        }
    }

    /** Throws while the endpoint's {@code Retry-After} lasts, so that no back-off shorter than it sends a request. */
    private void checkPause() throws IOException {
        if (pauseReason == null) {
            return;
        }
        long left = pauseUntil - clock.getAsLong();
        if (left <= 0) {
            pauseReason = null;
            return;
        }
        throw new IOException(pauseReason + ": no new request before " + pauseUntilInstant + " (in "
                + (TimeUnit.NANOSECONDS.toSeconds(left - 1) + 1) + " s)");
    }

    /** Gets a new token into {@link #token} within {@code nanos}; returns its lifetime in nanoseconds. */
    private long fetch(String user, long nanos) throws IOException {
        Grant grant;
        HttpRequest request;
        try {
            grant = grant(user);
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
        int status = response.statusCode();
        Map<String, Object> json;
        try {
            json = Json.parse(body.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // Not JSON: a proxy's or load balancer's page, say. Never a refusal of the grant.
            String why = where + " answered HTTP " + status + ", " + e.getMessage();
            throw status == 200 ? new IOException(why) : failure(why, status, null, response);
        }
        if (status != 200) {
            // RFC 6749 section 5.2: error and error_description, which say what is wrong.
            throw failure(where + " answered HTTP " + status + ": " + clean(json.get("error"), grant.secrets()) + ": "
                    + clean(json.get("error_description"), grant.secrets()), status, json, response);
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

    /**
     * The exception for an answer that gave no token: an {@link AuthenticationException} when the
     * endpoint refused the grant, else a plain {@link IOException}, after which fetches pause until
     * the answer's {@code Retry-After}, if it has one.
     */
    private IOException failure(String why, int status, Map<String, Object> json, HttpResponse<?> response) {
        if (!isTransient(status, json)) {
            return new AuthenticationException(why);
        }
        Optional<Duration> wait = response.headers().firstValue("Retry-After").flatMap(this::retryAfter);
        if (wait.isEmpty()) {
            return new IOException(why);
        }
        pauseReason = why + " with Retry-After";
        pauseUntil = clock.getAsLong() + wait.get().toNanos();
        Instant until = wallClock.instant().plus(wait.get());
        // Rounded up to the second, so that "no new request before" is never early.
        pauseUntilInstant = until.getNano() == 0 ? until : until.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        return new IOException(why + " (Retry-After: no new request before " + pauseUntilInstant + ")");
    }

    /**
     * Whether an error answer may pass: 429 and 5xx, any status but 400 and 401 (RFC 6749 section 5.2's
     * statuses of a refusal), an answer that is not JSON, and the {@link #TRANSIENT_ERRORS} and Entra's
     * AADSTS50033 at 400 or 401.
     */
    private static boolean isTransient(int status, Map<String, Object> json) {
        if (status != 400 && status != 401 || json == null || TRANSIENT_ERRORS.contains(json.get("error"))) {
            return true;
        }
        return json.get("error_codes") instanceof List<?> codes && codes.contains(ENTRA_RETRYABLE_CODE)
                || json.get("error_description") instanceof String d && ENTRA_RETRYABLE_DESCRIPTION.matcher(d).find();
    }

    /**
     * The wait a {@code Retry-After} value asks for (RFC 9110 section 10.2.3): delay-seconds, or an
     * HTTP-date in the preferred IMF-fixdate form (the obsolete RFC 850 and asctime forms are ignored, as
     * is anything unreadable, and then the caller's back-off alone applies), capped at
     * {@link #MAX_RETRY_AFTER_SECONDS}. Empty when there is nothing to wait for.
     */
    private Optional<Duration> retryAfter(String value) {
        String v = value.strip();
        long millis;
        if (v.matches("[0-9]{1,18}")) {
            millis = Math.min(Long.parseLong(v), MAX_RETRY_AFTER_SECONDS) * 1000;
        } else if (v.matches("[0-9]+")) {
            millis = MAX_RETRY_AFTER_SECONDS * 1000;
        } else {
            try {
                millis = Duration.between(wallClock.instant(),
                        DateTimeFormatter.RFC_1123_DATE_TIME.parse(v, Instant::from)).toMillis();
            } catch (DateTimeParseException | ArithmeticException e) {
                return Optional.empty();
            }
        }
        millis = Math.min(millis, MAX_RETRY_AFTER_SECONDS * 1000);
        return millis > 0 ? Optional.of(Duration.ofMillis(millis)) : Optional.empty();
    }

    /** A server's text for a message: the request's secrets redacted, printable characters only, cut at 200. */
    private static String clean(Object text, List<String> secrets) {
        String s = text instanceof String t ? t : "(none)";
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) {
                s = s.replace(secret, REDACTED).replace(URLEncoder.encode(secret, StandardCharsets.UTF_8), REDACTED);
            }
        }
        s = s.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]", " ");
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
