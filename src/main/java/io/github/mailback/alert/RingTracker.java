package io.github.mailback.alert;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link EventRing} per discriminator key, at most {@code maxKeys} of them: adding a key beyond
 * that evicts the least recently written ring. Lookups are lock-free; only the rare creation of a
 * new key scans for a victim.
 */
final class RingTracker {
    private final int ringCapacity;
    private final int maxKeys;
    private final ConcurrentHashMap<String, EventRing> rings = new ConcurrentHashMap<>();

    public RingTracker(int ringCapacity, int maxKeys) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1: " + maxKeys);
        }
        this.ringCapacity = ringCapacity;
        this.maxKeys = maxKeys;
    }

    /** The ring for {@code key}, created when missing. */
    public EventRing ring(String key) {
        EventRing ring = rings.get(key);
        if (ring != null) {
            return ring;
        }
        ring = rings.computeIfAbsent(key, k -> new EventRing(ringCapacity));
        if (rings.size() > maxKeys) {
            evictLeastRecentlyUsed(key);
        }
        return ring;
    }

    /** Forgets a key (its session ended); its next event starts an empty ring. */
    public void remove(String key) {
        rings.remove(key);
    }

    /** Number of keys currently tracked. */
    public int size() {
        return rings.size();
    }

    private void evictLeastRecentlyUsed(String keep) {
        while (rings.size() > maxKeys) {
            String victim = null;
            long oldest = Long.MAX_VALUE;
            for (Map.Entry<String, EventRing> e : rings.entrySet()) {
                if (!e.getKey().equals(keep) && e.getValue().lastUsedMillis < oldest) {
                    oldest = e.getValue().lastUsedMillis;
                    victim = e.getKey();
                }
            }
            if (victim == null || rings.remove(victim) == null) {
                return;
            }
        }
    }
}
