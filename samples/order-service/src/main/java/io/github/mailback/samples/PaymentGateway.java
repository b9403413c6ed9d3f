package io.github.mailback.samples;

import java.net.SocketTimeoutException;

/** Authorizes card payments with the payment provider; a stand-in that can be made to time out. */
final class PaymentGateway {

    static final int TIMEOUT_MILLIS = 2000;

    private volatile boolean providerResponding = true;

    void setProviderResponding(boolean responding) {
        this.providerResponding = responding;
    }

    String authorize(Order order) throws PaymentException {
        try {
            return readAuthorization(order);
        } catch (SocketTimeoutException e) {
            throw new PaymentException(
                    "Authorization of " + order.amount() + " timed out after " + TIMEOUT_MILLIS + " ms", e);
        }
    }

    private String readAuthorization(Order order) throws SocketTimeoutException {
        if (!providerResponding) {
            throw new SocketTimeoutException("Read timed out");
        }
        return "AUTH-" + Long.toHexString(order.id() * 7919L).toUpperCase(java.util.Locale.ROOT);
    }
}
