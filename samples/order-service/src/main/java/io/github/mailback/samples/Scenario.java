package io.github.mailback.samples;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/** The order service's bad day, step by step, with progress printed as it goes. */
final class Scenario {

    static final int BURST_THREADS = 8;
    static final int BURST_ORDERS_PER_THREAD = 625;

    private static final Logger log = LogTally.logger(Scenario.class);
    private static final String[] CUSTOMERS = {"alice@shop.example", "bob@shop.example",
        "chen@shop.example", "dana@shop.example"};
    private static final String[] SKUS = {"SKU-KEYBOARD-DE", "SKU-MOUSE-WL", "SKU-USB-C-CABLE",
        "SKU-MONITOR-27", "SKU-HEADSET-BT"};
    private static final long[] PRICES_CENTS = {8990, 2490, 990, 27900, 6950};
    private static final long BOUNDED_WAIT_SECONDS = 30;

    private final Inventory inventory = new Inventory();
    private final PaymentGateway payments = new PaymentGateway();
    private final OrderRepository repository = new OrderRepository();
    private final OrderJournal journal = new OrderJournal();
    private final OrderService orders = new OrderService(inventory, payments, repository, journal);
    private final AtomicLong nextOrderId = new AtomicLong(1000);

    void play() throws InterruptedException {
        for (String sku : SKUS) {
            inventory.restock(sku, 60);
        }
        inventory.restock("SKU-USB-C-CABLE", 10_000);
        log.info("Connected to order-db (pool size 10); accepting orders");

        normalTraffic(40);
        databaseFailure();
        timeoutBurstWithDifferentErrorInside();
        normalTraffic(5);
        fatalJournalFailure();
    }

    private void normalTraffic(int count) {
        int placed = 0;
        for (int i = 0; i < count; i++) {
            if (orders.place(order(i % CUSTOMERS.length, i % SKUS.length, 1 + i % 3))) {
                placed++;
            }
        }
        Progress.say("normal traffic: %d of %d orders placed (%d stored so far)", placed, count, repository.count());
    }

    private void databaseFailure() {
        repository.setDatabaseReachable(false);
        orders.place(order(1, 3, 1));
        repository.setDatabaseReachable(true);
        log.info("Connection to order-db re-established");
        Progress.say("database failure: one order could not be stored (ERROR with a nested cause chain)");
    }

    private void timeoutBurstWithDifferentErrorInside() throws InterruptedException {
        Progress.say("payment provider stops answering: %,d orders from %d threads will time out",
                BURST_THREADS * BURST_ORDERS_PER_THREAD, BURST_THREADS);
        payments.setProviderResponding(false);
        CountDownLatch halfway = new CountDownLatch(BURST_THREADS);
        CountDownLatch differentErrorLogged = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < BURST_THREADS; t++) {
            Thread worker = new Thread(() -> burstWorker(halfway, differentErrorLogged), "http-worker-" + (t + 1));
            workers.add(worker);
            worker.start();
        }

        // Half-way through the flood (every worker has done half its orders), a different error.
        if (!halfway.await(BOUNDED_WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("burst workers did not reach half-way in time");
        }
        inventory.overwrite("SKU-GIFTCARD-50", -3);
        orders.place(new Order(nextOrderId.getAndIncrement(), CUSTOMERS[2], "SKU-GIFTCARD-50", 1, 5000));
        Progress.say("during the flood: a different error (inconsistent stock records)");
        differentErrorLogged.countDown();

        for (Thread worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(BOUNDED_WAIT_SECONDS));
        }
        payments.setProviderResponding(true);
        log.info("Payment provider is answering again");
        Progress.say("flood over: %,d payment timeouts logged", BURST_THREADS * BURST_ORDERS_PER_THREAD);
    }

    private void burstWorker(CountDownLatch halfway, CountDownLatch differentErrorLogged) {
        for (int i = 0; i < BURST_ORDERS_PER_THREAD; i++) {
            if (i == BURST_ORDERS_PER_THREAD / 2) {
                halfway.countDown();
                awaitQuietly(differentErrorLogged);
            }
            orders.place(new Order(nextOrderId.getAndIncrement(), CUSTOMERS[i % CUSTOMERS.length],
                    "SKU-USB-C-CABLE", 1, 990));
        }
    }

    private void fatalJournalFailure() {
        journal.setDiskFull(true);
        Progress.say("the order journal's disk fills up");
        orders.place(order(0, 0, 1));
    }

    private Order order(int customer, int sku, int quantity) {
        return new Order(nextOrderId.getAndIncrement(), CUSTOMERS[customer], SKUS[sku], quantity,
                PRICES_CENTS[sku] * quantity);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(BOUNDED_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
