package io.github.mailback.smtp;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The message to send (headers and body, RFC 5322), written as is: the client turns line ends into
 * CRLF, doubles leading dots and adds the terminator, so content never needs to do either.
 */
public interface MailContent {

    /** Writes the message. May be called once per send attempt. */
    void writeTo(OutputStream out) throws IOException;

    /** The size in octets for the SIZE parameter (RFC 1870), or -1 when unknown. */
    default long size() {
        return -1;
    }

    /** True when the content has octets above 127, so that BODY=8BITMIME (RFC 6152) is needed. */
    boolean eightBit();

    /** Content held in a byte array (not copied: the caller must not change it afterwards). */
    static MailContent of(byte[] message) {
        Objects.requireNonNull(message, "message");
        boolean eightBit = false;
        for (byte b : message) {
            if (b < 0) {
                eightBit = true;
                break;
            }
        }
        boolean high = eightBit;
        return new MailContent() {
            @Override
            public void writeTo(OutputStream out) throws IOException {
                out.write(message);
            }

            @Override
            public long size() {
                return message.length;
            }

            @Override
            public boolean eightBit() {
                return high;
            }
        };
    }
}
