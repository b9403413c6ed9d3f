package io.github.mailback.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.mailback.testing.TokenEndpointServer;
import java.io.IOException;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link TokenProvider#close()}: when the appender stops, nothing the provider started keeps running,
 * and a redeployed web application's class loader can be freed although the stopped appender still
 * holds the provider.
 */
@Timeout(60)
class TokenProviderCloseTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private final TokenEndpointServer endpoint;

    TokenProviderCloseTest() throws IOException {
        endpoint = new TokenEndpointServer();
    }

    @AfterEach
    void close() {
        endpoint.close();
    }

    /**
     * Waits for {@code condition}, asking for a garbage collection at each look: before Java 21 the HTTP
     * client's selector thread ends only after a collection has cleared the client it holds weakly
     * ({@link TokenEndpoint#close()} says why). Polls; never sleeps a fixed time.
     */
    private static void awaitWithCollections(String what, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + LIMIT + " waiting for " + what + ": " + state.get());
            }
            System.gc();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static String threads(ThreadGroup group) {
        Thread[] threads = new Thread[group.activeCount() + 8];
        int n = group.enumerate(threads);
        return Arrays.stream(threads, 0, n).map(Thread::getName).collect(Collectors.joining(", ", "[", "]"));
    }

    /** What a test does with a provider before it closes it. */
    private interface Use {
        void accept(ClientCredentialsTokenProvider provider) throws IOException;
    }

    /**
     * Uses a provider on a thread of a new group, closes it, and waits until no thread of that group is
     * left. A thread made without a group joins its creator's: whatever the provider starts, itself or
     * through the JDK's HTTP client (its selector manager and workers), is in that group.
     */
    private void useCloseAndAwaitNoThreadLeft(Use use) throws InterruptedException {
        ThreadGroup group = new ThreadGroup("token-provider-under-test");
        AtomicReference<ClientCredentialsTokenProvider> closed = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread caller = new Thread(group, () -> {
            try {
                ClientCredentialsTokenProvider p = endpoint.provider("s3cret");
                use.accept(p);
                p.close();
                closed.set(p);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "token-provider-caller");
        caller.start();
        caller.join();
        assertNull(failure.get());
        ClientCredentialsTokenProvider p = Objects.requireNonNull(closed.get());
        // The provider stays referenced, as the stopped appender keeps it: only close() lets its threads go.
        awaitWithCollections("the provider's threads to end", () -> group.activeCount() == 0, () -> threads(group));
        Reference.reachabilityFence(p);
    }

    @Test
    void afterCloseNoThreadStartedForTheProviderRemains() throws InterruptedException {
        useCloseAndAwaitNoThreadLeft(p -> assertEquals("token-1", p.token("alerts@example.com", TIMEOUT)));
    }

    @Test
    void afterCloseNoThreadRemainsOfAFetchThatTimedOut() throws InterruptedException {
        endpoint.stall();
        useCloseAndAwaitNoThreadLeft(p -> assertThrows(HttpTimeoutException.class,
                () -> p.token("alerts@example.com", Duration.ofMillis(300))));
    }

    @Test
    void aClosedProviderFetchesAgainWithANewClient() throws IOException {
        ClientCredentialsTokenProvider p = endpoint.provider("s3cret");
        assertEquals("token-1", p.token("alerts@example.com", TIMEOUT));
        p.close();
        p.close();
        assertEquals("token-2", p.token("alerts@example.com", TIMEOUT), "the cached token went with close()");
        p.close();
        assertEquals(2, endpoint.requests().size());
    }

    @Test
    void aRedeployedApplicationsClassLoaderIsFreedOnceItsProviderIsClosed() throws ReflectiveOperationException, IOException {
        WeakReference<ClassLoader> loader = deployStartAndStop(
                TokenEndpoint.class.getProtectionDomain().getCodeSource().getLocation(),
                RedeployedApp.class.getProtectionDomain().getCodeSource().getLocation());
        awaitWithCollections("the application's class loader to be collected", () -> loader.get() == null,
                () -> threads(Thread.currentThread().getThreadGroup()));
    }

    /**
     * Loads {@link RedeployedApp} and this package in a class loader of their own, as a web container
     * does, starts and stops it; returns only a weak reference to that loader.
     */
    private WeakReference<ClassLoader> deployStartAndStop(URL... classPath) throws ReflectiveOperationException, IOException {
        URLClassLoader app = new URLClassLoader("redeployed-app", classPath, ClassLoader.getPlatformClassLoader());
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        // The container's thread runs the application with its loader as the context class loader.
        current.setContextClassLoader(app);
        try {
            Class<?> main = app.loadClass(RedeployedApp.class.getName());
            assertNotSame(RedeployedApp.class, main);
            assertEquals("token-1", main.getMethod("start", String.class).invoke(null, endpoint.uri()));
            main.getMethod("stop").invoke(null);
        } finally {
            current.setContextClassLoader(previous);
        }
        app.close();
        return new WeakReference<>(app);
    }
}
