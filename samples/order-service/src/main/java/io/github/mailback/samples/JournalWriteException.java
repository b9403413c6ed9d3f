package io.github.mailback.samples;

/** The order journal could not be written: the service must not accept more orders. */
final class JournalWriteException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    JournalWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
