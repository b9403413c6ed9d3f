package io.github.mailback.samples;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * The order service's bad day, step by step, with progress printed as it goes: in one run ({@link #play}), or
 * in two, the first stuck in the middle of the flood and killed there, the second started afterwards.
 */
final class Scenario {

    static final int BURST_THREADS = 8;
    static final int BURST_ORDERS_PER_THREAD = 625;
    /** Where each thread is in its orders when the different error is logged (and a stuck run hangs). */
    static final int FLOOD_HALF = BURST_ORDERS_PER_THREAD / 2;

    private static final Logger log = LogTally.logger(Scenario.class);
    private static final String[] CUSTOMERS = {"alice@shop.example", "bob@shop.example",
        "chen@shop.example", "dana@shop.example"};
    private static final String[] SKUS = {"SKU-KEYBOARD-DE", "SKU-MOUSE-WL", "SKU-USB-C-CABLE",
        "SKU-MONITOR-27", "SKU-HEADSET-BT"};
    private static final long[] PRICES_CENTS = {8990, 2490, 990, 27900, 6950};
    private static final long BOUNDED_WAIT_SECONDS = 30;
    /** The order numbers a restarted service goes on with: the database's sequence has moved on. */
    private static final long FIRST_ORDER_AFTER_RESTART = 4000;

    private final Inventory inventory = new Inventory();
    private final PaymentGateway payments = new PaymentGateway();
    private final OrderRepository repository = new OrderRepository();
    private final OrderJournal journal = new OrderJournal();
    private final OrderService orders = new OrderService(inventory, payments, repository, journal);
    private final AtomicLong nextOrderId = new AtomicLong(1000);

    /** The whole bad day in one run, ending with the fatal error. */
    void play() throws InterruptedException {
        openForBusiness();
        normalTraffic(40);
        databaseFailure();
        paymentProviderStopsAnswering();
        flood(0, FLOOD_HALF);
        differentErrorDuringTheFlood();
        flood(FLOOD_HALF, BURST_ORDERS_PER_THREAD);
        paymentProviderAnswersAgain(BURST_THREADS * BURST_ORDERS_PER_THREAD);
        normalTraffic(5);
        fatalJournalFailure();
    }

    /**
     * The day up to the middle of the flood (the first half of the timeouts, then the different error), then
     * {@code stuck}, which does not return: the process hangs there until it is killed.
     */
    void playUntilStuck(Runnable stuck) throws InterruptedException {
        openForBusiness();
        normalTraffic(40);
        databaseFailure();
        paymentProviderStopsAnswering();
        flood(0, FLOOD_HALF);
        differentErrorDuringTheFlood();
        stuck.run();
        throw new IllegalStateException("the stuck service went on");
    }

    /** The rest of the day, in the run started after the stuck one was killed: the flood's second half on. */
    void playAfterRestart() throws InterruptedException {
        nextOrderId.set(FIRST_ORDER_AFTER_RESTART);
        openForBusiness();
        Progress.say("restarted: the payment provider still does not answer: %,d more orders from %d threads will "
                + "time out", BURST_THREADS * (BURST_ORDERS_PER_THREAD - FLOOD_HALF), BURST_THREADS);
        payments.setProviderResponding(false);
        flood(FLOOD_HALF, BURST_ORDERS_PER_THREAD);
        paymentProviderAnswersAgain(BURST_THREADS * (BURST_ORDERS_PER_THREAD - FLOOD_HALF));
        normalTraffic(5);
        fatalJournalFailure();
    }

    private void openForBusiness() {
        for (String sku : SKUS) {
            inventory.restock(sku, 60);
        }
        inventory.restock("SKU-USB-C-CABLE", 10_000);
        log.info("Connected to order-db (pool size 10); accepting orders");
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

    private void paymentProviderStopsAnswering() {
        Progress.say("payment provider stops answering: %,d orders from %d threads will time out",
                BURST_THREADS * BURST_ORDERS_PER_THREAD, BURST_THREADS);
        payments.setProviderResponding(false);
    }

    /** Each of the burst's threads places its orders {@code from} (included) to {@code to} (excluded). */
    private void flood(int from, int to) throws InterruptedException {
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < BURST_THREADS; t++) {
            Thread worker = new Thread(() -> {
                for (int i = from; i < to; i++) {
                    orders.place(new Order(nextOrderId.getAndIncrement(), CUSTOMERS[i % CUSTOMERS.length],
                            "SKU-USB-C-CABLE", 1, 990));
                }
            }, "http-worker-" + (t + 1));
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(BOUNDED_WAIT_SECONDS));
            if (worker.isAlive()) {
                throw new IllegalStateException(worker.getName() + " did not finish its orders in time");
            }
        }
    }

    // Half-way through the flood (every worker has done half its orders), a different error.
    private void differentErrorDuringTheFlood() {
        inventory.overwrite("SKU-GIFTCARD-50", -3);
        orders.place(new Order(nextOrderId.getAndIncrement(), CUSTOMERS[2], "SKU-GIFTCARD-50", 1, 5000));
        Progress.say("half-way through the flood (%,d timeouts): a different error (inconsistent stock records)",
                BURST_THREADS * FLOOD_HALF);
    }

    private void paymentProviderAnswersAgain(int timeouts) {
        payments.setProviderResponding(true);
        log.info("Payment provider is answering again");
        Progress.say("flood over: %,d payment timeouts logged", timeouts);
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
}
