package io.github.mailback.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The timeline in docs/how-it-works.md ("A timeline"), replayed with the default policy. */
@Timeout(30)
class ReadmeTimelineTest {
    private static final Duration STEP = Duration.ofMillis(500);

    @Test
    void theReadmeTimelineIsWhatTheEngineDoes() {
        EngineFixture f = new EngineFixture();
        long start = f.clock.now;
        List<String> emails = new ArrayList<>();

        // 0 s: the database goes away; 1,201 failures within the batch window.
        orders(f, 1_201);
        emails.addAll(run(f, start, Duration.ofSeconds(7)));
        // 7 s: a different error, while the database failures go on.
        f.log("com.shop.Payments", "Payment service returned {}", "null");
        orders(f, 300);
        emails.addAll(run(f, start, Duration.ofSeconds(53)));
        // 60 s: the flood grows tenfold.
        orders(f, 9_000);
        emails.addAll(run(f, start, Duration.ofMinutes(2)));
        // 3 min: a few more, then the service is restarted at 5 min.
        orders(f, 40);
        emails.addAll(run(f, start, Duration.ofMinutes(2)));
        int beforeStop = f.transport.delivered.size();
        f.flush();
        emails.addAll(describe(f.transport.delivered.subList(beforeStop, f.transport.delivered.size()), start));

        assertEquals(List.of(
                "5 s | 1201 | OrderRepository - Could not store order 1000 on shop [+1,200 similar] | new",
                "12 s | 301 | Payments - Payment service returned null on shop [+300 other] | new",
                "72 s | 9000 | OrderRepository - Could not store order 1000 on shop [+8,999 similar] | reply",
                "300 s | 40 | OrderRepository - Could not store order 1000 on shop [+39 similar] | reply"), emails);
        assertEquals(1_201 + 1 + 300 + 9_000 + 40, f.transport.deliveredEvents(),
                "the X-Mailback-Events add up to the errors logged");
    }

    private static void orders(EngineFixture f, int n) {
        for (int i = 0; i < n; i++) {
            f.log("com.shop.OrderRepository", "Could not store order {}", 1000 + i);
        }
    }

    private static List<String> run(EngineFixture f, long start, Duration d) {
        int before = f.transport.delivered.size();
        f.run(d, STEP);
        return describe(f.transport.delivered.subList(before, f.transport.delivered.size()), start);
    }

    private static List<String> describe(List<AlertEmail> sent, long start) {
        List<String> lines = new ArrayList<>();
        for (AlertEmail e : sent) {
            long seconds = (e.epochMillis() * 1_000_000L - start) / 1_000_000_000L;
            lines.add(seconds + " s | " + e.events() + " | " + e.subject() + " | " + (e.inReplyTo() == null ? "new" : "reply"));
        }
        return lines;
    }
}
