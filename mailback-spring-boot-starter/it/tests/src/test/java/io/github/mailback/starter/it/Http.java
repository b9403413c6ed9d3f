package io.github.mailback.starter.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Requests to the application under test, on 127.0.0.1. */
final class Http {
    /** Requests in flight at once: a few, so that a run stays short on a small machine. */
    private static final int CONCURRENT_REQUESTS = 4;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    Http(int port) {
        this.port = port;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return client.send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code count} requests to GET /orders/{id}; the status of each. */
    List<Integer> failingRequests(int first, int count) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = first; i < first + count; i += CONCURRENT_REQUESTS) {
            List<CompletableFuture<HttpResponse<Void>>> batch = new ArrayList<>();
            for (int j = i; j < i + CONCURRENT_REQUESTS && j < first + count; j++) {
                batch.add(client.sendAsync(request("/orders/" + (1000 + j)).build(), HttpResponse.BodyHandlers.discarding()));
            }
            for (CompletableFuture<HttpResponse<Void>> response : batch) {
                statuses.add(response.join().statusCode());
            }
        }
        return statuses;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
    }
}
