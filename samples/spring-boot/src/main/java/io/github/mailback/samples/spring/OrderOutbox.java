package io.github.mailback.samples.spring;

import jakarta.annotation.PreDestroy;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Orders accepted but not stored yet. At shutdown they are flushed to the store; when that fails, the
 * ERROR logged here is the last alert of the application's life: it must still be mailed.
 */
@Component
public class OrderOutbox {

    private static final Logger log = LoggerFactory.getLogger(OrderOutbox.class);

    private final OrderStore store;
    private final Deque<Order> pending = new ArrayDeque<>(List.of(
            new Order(5001, "ACME GmbH", new BigDecimal("129.90")),
            new Order(5002, "Globex SA", new BigDecimal("18.00")),
            new Order(5003, "Initech Ltd", new BigDecimal("2450.00"))));

    public OrderOutbox(OrderStore store) {
        this.store = store;
    }

    @PreDestroy
    public void flush() {
        log.info("Flushing {} pending orders", pending.size());
        try {
            while (!pending.isEmpty()) {
                store.save(pending.peek());
                pending.remove();
            }
        } catch (RuntimeException e) {
            log.error("Could not flush {} pending orders at shutdown", pending.size(), e);
        }
    }
}
