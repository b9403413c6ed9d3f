package io.github.mailback.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusReporterTest {
    @Test
    void letsThroughAFewPerWindowAndSaysHowManyWereHeldBack() {
        long[] now = {0};
        List<String> out = new ArrayList<>();
        StatusReporter r = new StatusReporter(new StatusReporter.Sink() {
            @Override
            public void warn(String message) {
                out.add(message);
            }

            @Override
            public void error(String message, Throwable cause) {
                out.add(message);
            }
        }, () -> now[0], 2, 60_000_000_000L);
        for (int i = 0; i < 10; i++) {
            r.warn("retry " + i);
        }
        assertEquals(List.of("retry 0", "retry 1"), out);
        assertEquals(8, r.suppressed());
        now[0] = 61_000_000_000L;
        r.error("gave up");
        assertEquals(3, out.size());
        assertTrue(out.get(2).startsWith("gave up (8 similar status messages held back"), out.get(2));
    }
}
