package io.github.mailback.smtp;

/**
 * The MAIL FROM command for one message, with the parameters its content needs, checked against
 * what the server offered: SIZE (RFC 1870), BODY=8BITMIME (RFC 6152) and SMTPUTF8 (RFC 6531).
 */
final class MailFromCommand {
    private MailFromCommand() {
    }

    /**
     * The command line; throws a permanent {@link SmtpException} when the server cannot take the
     * message, so that it is refused before anything is sent.
     */
    static String of(Envelope envelope, MailContent content, Capabilities capabilities, String host)
            throws SmtpException {
        StringBuilder mail = new StringBuilder("MAIL FROM:<").append(envelope.from()).append('>');
        long size = content.size();
        if (capabilities.size() && size >= 0) {
            long limit = capabilities.sizeLimit();
            if (limit > 0 && size > limit) {
                throw new SmtpException("message of " + size + " octets exceeds the server's limit of " + limit
                        + " (RFC 1870)", null, false, null);
            }
            mail.append(" SIZE=").append(size);
        }
        if (content.eightBit()) {
            if (!capabilities.eightBitMime()) {
                throw new SmtpException("the message has 8-bit content and " + host
                        + " does not offer 8BITMIME: encode it as 7-bit (quoted-printable or base64)", null,
                        false, null);
            }
            mail.append(" BODY=8BITMIME");
        }
        if (envelope.needsSmtpUtf8()) {
            if (!capabilities.smtpUtf8()) {
                throw new SmtpException("the envelope has a non-ASCII address and " + host
                        + " does not offer SMTPUTF8 (RFC 6531)", null, false, null);
            }
            mail.append(" SMTPUTF8");
        }
        return mail.toString();
    }
}
