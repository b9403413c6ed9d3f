package io.github.mailback.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.mailback.oauth.ClientCredentialsTokenProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A local OAuth 2.0 token endpoint for tests: the JDK's HTTP server on 127.0.0.1, bound once to a free
 * port, path {@code /token}. It records each request (its form decoded, its Authorization header)
 * before answering, so that a client's call has returned only after its request is in
 * {@link #requests()}. By default it issues {@code token-1}, {@code token-2}... valid for an hour;
 * {@link #answer} scripts other answers (with header fields such as Retry-After), {@link #stall()} makes
 * it never answer and {@link #trickle()} never finish its answer (until closed).
 */
public final class TokenEndpointServer implements AutoCloseable {
    /** One request: its form fields, its Content-Type, and its Authorization header (null when none). */
    public record Request(Map<String, String> form, String contentType, String authorization) {
    }

    /** An HTTP status, a body, and header fields besides Content-Type. */
    public record Answer(int status, String body, Map<String, String> headers) {
        public Answer(int status, String body) {
            this(status, body, Map.of());
        }

        /** This answer with one more header field. */
        public Answer with(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Answer(status, body, more);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Function<Request, Answer> script = r -> token("token-" + requests.size(), 3600);
    private volatile boolean stall;
    private volatile boolean trickle;

    public TokenEndpointServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "token-endpoint");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/token", this::handle);
        server.start();
    }

    /** The endpoint's URI, plain HTTP to loopback. */
    public String uri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    /** A client credentials provider for this endpoint: client id {@code app-id}, the given secret. */
    public ClientCredentialsTokenProvider provider(String secret) {
        ClientCredentialsTokenProvider p = new ClientCredentialsTokenProvider();
        p.setTokenUri(uri());
        p.setClientId("app-id");
        p.setClientSecret(secret);
        return p;
    }

    /** Answers each request with what {@code answers} makes of it. */
    public TokenEndpointServer answer(Function<Request, Answer> answers) {
        this.script = answers;
        return this;
    }

    /** Records requests but never answers them. */
    public TokenEndpointServer stall() {
        this.stall = true;
        return this;
    }

    /** Answers 200 and the first byte of a body whose rest never comes (until closed). */
    public TokenEndpointServer trickle() {
        this.trickle = true;
        return this;
    }

    /** The requests so far, in order. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** A successful answer (RFC 6749 section 5.1). */
    public static Answer token(String token, long expiresIn) {
        return new Answer(200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                + expiresIn + "}");
    }

    /** An error answer (RFC 6749 section 5.2). */
    public static Answer error(int status, String error, String description) {
        return new Answer(status, "{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}");
    }

    /** An error answer as Microsoft Entra words it, with its AADSTS numbers in {@code error_codes}. */
    public static Answer entraError(int status, String error, int code, String description) {
        return new Answer(status, "{\"error\":\"" + error + "\",\"error_description\":\"AADSTS" + code + ": " + description
                + "\\r\\nTrace ID: 0000aaaa-11bb\",\"error_codes\":[" + code + "],\"trace_id\":\"0000aaaa-11bb\"}");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readNBytes(1 << 20), StandardCharsets.UTF_8);
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            Request request = new Request(form, exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"));
            requests.add(request);
            if (stall) {
                closed.await();
                return;
            }
            if (trickle) {
                exchange.sendResponseHeaders(200, 0);
                exchange.getResponseBody().write('{');
                exchange.getResponseBody().flush();
                closed.await();
                return;
            }
            Answer answer = script.apply(request);
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            answer.headers().forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
