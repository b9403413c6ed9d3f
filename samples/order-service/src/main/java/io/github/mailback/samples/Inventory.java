package io.github.mailback.samples;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/** Stock levels per SKU; reserving takes items out of stock, releasing puts them back. */
final class Inventory {

    private static final Logger log = LogTally.logger(Inventory.class);
    private static final int LOW_STOCK = 5;

    private final Map<String, Integer> stock = new ConcurrentHashMap<>();

    void restock(String sku, int quantity) {
        stock.merge(sku, quantity, Integer::sum);
    }

    /** Sets a stock level directly, as a faulty stock import would. */
    void overwrite(String sku, int level) {
        stock.put(sku, level);
    }

    void reserve(String sku, int quantity) {
        int left = stock.compute(sku, (key, level) -> {
            int current = level == null ? 0 : level;
            if (current < 0) {
                throw new IllegalStateException("Stock level of " + key + " is negative (" + current
                        + "): the stock records are inconsistent");
            }
            if (current < quantity) {
                throw new IllegalArgumentException("Only " + current + " of " + key + " left");
            }
            return current - quantity;
        });
        if (left < LOW_STOCK) {
            log.warn("Low stock for {}: {} left", sku, left);
        }
    }

    void release(String sku, int quantity) {
        stock.merge(sku, quantity, Integer::sum);
    }
}
