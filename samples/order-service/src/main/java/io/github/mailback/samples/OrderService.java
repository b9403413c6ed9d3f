package io.github.mailback.samples;

import org.slf4j.Logger;

/** Places orders: reserves stock, authorizes the payment, stores the order and journals it. */
final class OrderService {

    private static final Logger log = LogTally.logger(OrderService.class);

    private final Inventory inventory;
    private final PaymentGateway payments;
    private final OrderRepository repository;
    private final OrderJournal journal;

    OrderService(Inventory inventory, PaymentGateway payments, OrderRepository repository, OrderJournal journal) {
        this.inventory = inventory;
        this.payments = payments;
        this.repository = repository;
        this.journal = journal;
    }

    /**
     * Returns whether the order was placed. Failures the service can survive are logged here; a
     * {@link JournalWriteException} is not survivable and reaches the caller.
     */
    boolean place(Order order) {
        try {
            inventory.reserve(order.sku(), order.quantity());
        } catch (IllegalArgumentException outOfStock) {
            log.warn("Order {} rejected: {}", order.id(), outOfStock.getMessage());
            return false;
        } catch (IllegalStateException e) {
            log.error("Inventory reservation failed for order {} ({} x {})", order.id(), order.quantity(),
                    order.sku(), e);
            return false;
        }

        String authorization;
        try {
            authorization = payments.authorize(order);
        } catch (PaymentException e) {
            inventory.release(order.sku(), order.quantity());
            log.error("Payment authorization failed for order {}", order.id(), e);
            return false;
        }

        try {
            repository.save(order);
        } catch (OrderStoreException e) {
            inventory.release(order.sku(), order.quantity());
            log.error("Could not store order {} for customer {}; payment {} will be voided", order.id(),
                    order.customer(), authorization, e);
            return false;
        }

        journal.append(order);
        log.info("Order {} placed: {} x {} for {}, {} ({})", order.id(), order.quantity(), order.sku(),
                order.customer(), order.amount(), authorization);
        return true;
    }
}
