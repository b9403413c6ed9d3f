package io.github.mailback.bench;

import io.github.mailback.redact.Redactor;
import io.github.mailback.redact.Tally;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The sender thread's cost of redaction (issue 20, point 6): a clean event of 2 KB, its stack trace
 * included, which the keyword pass should make almost free (the aim is 10 us or less), and the lines
 * of a corpus that each hold a secret, per line. The peer in the same run is one regular expression
 * over the same event, what a {@code %replace} of Logback's costs for a single rule.
 *
 * <p>The secrets are made at run time, as in the tests, so that no file holds a realistic token.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class RedactionBenchmark {
    private static final int CORPUS_LINES = 24;
    private static final Pattern ONE_RULE = Pattern.compile("(?i)password=\\S+");

    private Redactor redactor;
    private Tally tally;
    private String cleanEvent;
    private String[] corpus;

    @Setup
    public void setUp() {
        redactor = Redactor.standard();
        tally = redactor.newTally();
        cleanEvent = twoKilobyteEvent();
        corpus = corpus().toArray(new String[0]);
        if (corpus.length != CORPUS_LINES) {
            throw new IllegalStateException("the corpus has " + corpus.length + " lines");
        }
        if (!redactor.redact(cleanEvent, tally).equals(cleanEvent)) {
            throw new IllegalStateException("the clean event is not clean");
        }
        for (String line : corpus) {
            if (redactor.redact(line, tally).equals(line)) {
                throw new IllegalStateException("no secret found in " + line);
            }
        }
    }

    @Benchmark
    public String cleanEvent() {
        // A new tally per event, as the sender takes each event in.
        return redactor.redact(cleanEvent, redactor.newTally());
    }

    @Benchmark
    @OperationsPerInvocation(CORPUS_LINES)
    public void corpusLine(Blackhole bh) {
        Tally t = redactor.newTally();
        for (String line : corpus) {
            bh.consume(redactor.redact(line, t));
        }
    }

    @Benchmark
    public String cleanEventOneRegex() {
        return ONE_RULE.matcher(cleanEvent).replaceAll("password=***");
    }

    /** A layout's output for an ERROR with a cause: 2,048 characters, mostly stack frames. */
    static String twoKilobyteEvent() {
        StringBuilder sb = new StringBuilder(2100);
        sb.append("2026-12-07 10:15:30.123 ERROR [http-nio-8080-exec-7] c.a.shop.checkout.PaymentService - ")
                .append("Payment failed for order 18734 (customer 5521, amount 129.90 EUR, attempt 2/3)\n")
                .append("java.lang.IllegalStateException: payment gateway unavailable\n");
        String[] frames = {"com.acme.shop.checkout.PaymentService.charge(PaymentService.java:142)",
            "com.acme.shop.checkout.CheckoutController.submit(CheckoutController.java:87)",
            "org.springframework.web.servlet.mvc.method.annotation.ServletInvocableHandlerMethod"
                + ".invokeAndHandle(ServletInvocableHandlerMethod.java:118)",
            "org.springframework.web.servlet.DispatcherServlet.doDispatch(DispatcherServlet.java:1089)",
            "jakarta.servlet.http.HttpServlet.service(HttpServlet.java:658)",
            "org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:195)",
            "java.base/java.lang.Thread.run(Thread.java:1583)"};
        int f = 0;
        while (sb.length() < 1600) {
            sb.append("\tat ").append(frames[f++ % frames.length]).append('\n');
        }
        sb.append("Caused by: java.net.SocketTimeoutException: Read timed out\n")
                .append("\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:278)\n");
        while (sb.length() < 2048) {
            sb.append("\tat ").append(frames[f++ % frames.length]).append('\n');
        }
        return sb.substring(0, 2048);
    }

    /** One line per kind of secret, made from a seeded generator. */
    static List<String> corpus() {
        Random random = new Random(20);
        // With a digit: after "password: " a word of letters followed by more words reads as prose.
        String pw = chars(random, 11) + "7";
        List<String> c = new ArrayList<>();
        c.add("Login failed for user=alice password=" + pw + " from web-3");
        c.add("DataSourceProperties(url=jdbc:h2:mem:shop, username=sa, password=" + pw + ")");
        c.add("{\"client_secret\":\"" + chars(random, 40) + "\",\"grant_type\":\"client_credentials\"}");
        c.add("GET /callback?code=xyz&access_token=" + chars(random, 40) + "&state=af0ifjsldkj");
        c.add("X-Api-Key: " + chars(random, 32));
        c.add("<entry key=\"db.password\">" + pw + "</entry>");
        c.add("Server=tcp:db,1433;Initial Catalog=shop;User ID=app;Password=" + pw + ";Encrypt=True;");
        c.add("Authorization: Basic " + Base64.getEncoder().encodeToString(("alice:" + pw).getBytes()));
        c.add("Calling https://api.example.com/v1/orders with Bearer " + chars(random, 36) + " failed: 401");
        c.add("Cookie: SESSION=" + chars(random, 24) + "; theme=dark");
        c.add("Token rejected by resource server: " + b64url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "."
                + b64url("{\"sub\":\"alice\",\"exp\":1800000000}") + "." + chars(random, 43));
        c.add("Connection to jdbc:postgresql://shop:" + pw + "@db.internal:5432/shop refused");
        c.add("mongodb+srv://app:" + pw + "@cluster0.ab1cd.mongodb.net/shop?retryWrites=true");
        c.add("Failed to load key: -----" + "BEGIN PRIVATE KEY-----\n" + chars(random, 64) + "\n" + chars(random, 20)
                + "... (truncated)");
        c.add("keyId=AK" + "IA" + chars(random, 16).toUpperCase().replaceAll("[^A-Z2-7]", "Q"));
        c.add("Using token gh" + "p_" + chars(random, 36) + " for the release");
        c.add("slack.post failed, token xo" + "xb-" + digits(random, 12) + "-" + digits(random, 13) + "-"
                + chars(random, 24));
        c.add("Stripe request with key s" + "k_live_" + chars(random, 24) + " failed");
        c.add("GET https://maps.googleapis.com/maps/api/geocode/json?address=x&key=AI" + "za" + chars(random, 35));
        c.add("C: AUTH PLAIN " + Base64.getEncoder().encodeToString(("\0alice\0" + pw).getBytes()));
        c.add("Charge declined for card 4242 4242 4242 4242 (insufficient funds)");
        c.add("Refund to GB account GB82" + "WEST12345698765432 queued");
        c.add("password: " + pw + " rejected");
        c.add("DefaultEndpointsProtocol=https;AccountName=shopstore;AccountKey=" + chars(random, 86)
                + "==;EndpointSuffix=core.windows.net");
        return c;
    }

    private static String chars(Random random, int n) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static String digits(Random random, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('0' + random.nextInt(10)));
        }
        return sb.toString();
    }

    private static String b64url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes());
    }
}
