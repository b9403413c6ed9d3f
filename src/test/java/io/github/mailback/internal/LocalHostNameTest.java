package io.github.mailback.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Slow DNS costs a bounded wait, once: the name comes when the one lookup ends. */
@Timeout(30)
class LocalHostNameTest {
    @Test
    void aLateLookupGivesNothingWithinTheWaitThenTheNameOnceItEnds() throws Exception {
        CountDownLatch dnsAnswers = new CountDownLatch(1);
        LocalHostName names = new LocalHostName(() -> {
            dnsAnswers.await();
            return InetAddress.getByAddress("app-1.example.com", new byte[] {10, 0, 0, 7});
        });
        long before = System.nanoTime();
        assertNull(names.get(50), "late: the caller takes its fallback");
        assertNull(names.get(50));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before) < 5_000, "two bounded waits, no more");
        dnsAnswers.countDown();
        assertEquals("app-1.example.com", names.get(10_000).hostName());
    }

    @Test
    void aFailedLookupGivesNothingAndIsNotRepeated() {
        int[] calls = new int[1];
        LocalHostName names = new LocalHostName(() -> {
            calls[0]++;
            throw new java.net.UnknownHostException("no name");
        });
        assertNull(names.get(10_000));
        assertNull(names.get(10_000));
        assertEquals(1, calls[0]);
    }
}
