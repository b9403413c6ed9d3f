package io.github.mailback.samples;

/** The payment provider did not authorize a payment. */
final class PaymentException extends Exception {

    private static final long serialVersionUID = 1L;

    PaymentException(String message, Throwable cause) {
        super(message, cause);
    }
}
