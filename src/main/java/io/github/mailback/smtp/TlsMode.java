package io.github.mailback.smtp;

/** How the connection to the server is protected. */
public enum TlsMode {
    /** Clear text. Credentials are refused unless the server is on loopback or clear-text AUTH is allowed. */
    NONE(25),
    /** Clear text upgraded by STARTTLS (RFC 3207). Required: the client fails rather than go on in clear text. */
    STARTTLS(587),
    /** TLS from the first byte (implicit TLS, RFC 8314 section 3). */
    SMTPS(465);

    private final int defaultPort;

    TlsMode(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    /** The port conventionally used with this mode. */
    public int defaultPort() {
        return defaultPort;
    }
}
