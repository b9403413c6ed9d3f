package io.github.mailback.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void startsFullThenRefillsOneTokenPerInterval() {
        TokenBucket b = new TokenBucket(3, 10 * SECOND, 0);
        assertTrue(b.tryTake(0));
        assertTrue(b.tryTake(0));
        assertTrue(b.tryTake(0));
        assertFalse(b.tryTake(0));
        assertEquals(10 * SECOND, b.nextTokenAt(0));
        assertFalse(b.tryTake(9 * SECOND));
        assertTrue(b.tryTake(10 * SECOND));
        assertFalse(b.tryTake(10 * SECOND));
        assertEquals(20 * SECOND, b.nextTokenAt(11 * SECOND));
    }

    @Test
    void neverHoldsMoreThanItsCapacity() {
        TokenBucket b = new TokenBucket(2, SECOND, 0);
        assertEquals(2, b.available(1000 * SECOND));
        assertTrue(b.tryTake(1000 * SECOND));
        assertTrue(b.tryTake(1000 * SECOND));
        assertFalse(b.tryTake(1000 * SECOND));
    }

    @Test
    void aFullBucketDoesNotBankTimeTowardsTheNextToken() {
        TokenBucket b = new TokenBucket(1, 10 * SECOND, 0);
        assertTrue(b.tryTake(100 * SECOND));
        assertFalse(b.tryTake(101 * SECOND), "the token spent at 100 s comes back at 110 s, not before");
        assertTrue(b.tryTake(110 * SECOND));
    }
}
