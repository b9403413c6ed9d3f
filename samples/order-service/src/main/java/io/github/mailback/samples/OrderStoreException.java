package io.github.mailback.samples;

/** An order could not be written to the order database. */
final class OrderStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    OrderStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
