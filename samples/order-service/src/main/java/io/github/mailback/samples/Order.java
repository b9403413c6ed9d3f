package io.github.mailback.samples;

/** One customer order: what was bought, how many, and for how much. */
record Order(long id, String customer, String sku, int quantity, long amountCents) {

    String amount() {
        return String.format("%d.%02d EUR", amountCents / 100, amountCents % 100);
    }
}
