package io.github.mailback.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.mailback.mime.Header;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SnapshotCodecTest {
    static Example example() {
        Map<String, String> mdc = new LinkedHashMap<>();
        mdc.put("team", "payments");
        mdc.put("requestId", null);
        ThrowableSnapshot root = new ThrowableSnapshot("java.net.ConnectException", "Connection refused",
                List.of(new StackTraceElement("sun.nio.ch.Net", "connect0", null, -2)), 0, null, List.of());
        ThrowableSnapshot suppressed = new ThrowableSnapshot("java.io.IOException", null, List.of(), 0, null, List.of());
        ThrowableSnapshot outer = new ThrowableSnapshot("java.lang.IllegalStateException", "order 4711 not saved \u00e9\ud83d\udd25",
                List.of(new StackTraceElement("com.shop.Repo", "save", "Repo.java", 42),
                        new StackTraceElement("com.shop.Api", "post", "Api.java", 7)), 1, root, List.of(suppressed));
        EventSnapshot trigger = new EventSnapshot(1_795_732_800_123L, "ERROR", "com.shop.Repo", "http-1",
                "Could not save order 4711", "Could not save order {}", mdc,
                List.of(new AbstractMap.SimpleImmutableEntry<>("order", "4711")), outer, "Repo.save",
                new Formatted("2026-11-26 ERROR Could not save\n\tat com.shop.Repo.save(Repo.java:42)\n", "<tr><td>x</td></tr>"));
        return new Example(trigger, List.of(new Formatted("INFO started\n", null), new Formatted("INFO order 4710\n", null)),
                "IllegalStateException: order 4711 not saved (Repo.save) on shop", List.of(new Header("X-Team", "payments")));
    }

    @Test
    void anExampleReadsBackEqualToItself() throws Exception {
        Example e = example();
        byte[] bytes = SnapshotCodec.write(e);
        Example back = SnapshotCodec.read(bytes);
        assertEquals(e, back);
        assertArrayEquals(bytes, SnapshotCodec.write(back));
    }

    @Test
    void everyTruncationIsRefusedAsMalformed() {
        byte[] bytes = SnapshotCodec.write(example());
        for (int n = 0; n < bytes.length; n++) {
            byte[] cut = java.util.Arrays.copyOf(bytes, n);
            assertThrows(io.github.mailback.internal.Bytes.MalformedException.class, () -> SnapshotCodec.read(cut), "cut at " + n);
        }
    }

    /** A flipped bit reads as another example or is refused: never another exception, never a hang. */
    @Test
    void garbledBytesAreReadOrRefusedNeverThrownOtherwise() {
        byte[] bytes = SnapshotCodec.write(example());
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] g = bytes.clone();
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                g[random.nextInt(g.length)] ^= (byte) (1 << random.nextInt(8));
            }
            try {
                Example e = SnapshotCodec.read(g);
                for (Header h : e.headers()) {
                    assertEquals(-1, (h.name() + h.value()).indexOf('\n'), "no line break in a header");
                }
            } catch (io.github.mailback.internal.Bytes.MalformedException expected) {
                // refused
            }
        }
    }

    /** A spool file is data: a header value read back is one line, whatever the file says. */
    @Test
    void aHeaderValueReadBackIsOneLine() throws Exception {
        Example e = example();
        Example hostile = new Example(e.trigger(), e.before(), e.subject(),
                List.of(new Header("X-Team", "payments\r\nBcc: evil@example.com")));
        assertEquals(List.of(new Header("X-Team", "payments Bcc: evil@example.com")),
                SnapshotCodec.read(SnapshotCodec.write(hostile)).headers());
    }

    @Test
    void anotherVersionIsRefused() {
        byte[] bytes = SnapshotCodec.write(example());
        bytes[0] = (byte) (SnapshotCodec.VERSION + 1);
        assertThrows(io.github.mailback.internal.Bytes.MalformedException.class, () -> SnapshotCodec.read(bytes));
    }
}
