package io.github.mailback.smtp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the server did with one message: the recipients it accepted, those it refused (each with its
 * reply), and its reply to the end of DATA. A message is sent when at least one recipient was accepted.
 */
public final class SendResult {
    private final List<String> accepted;
    private final Map<String, SmtpReply> refused;
    private final SmtpReply dataReply;
    private final String server;
    private final String skipped;

    SendResult(List<String> accepted, Map<String, SmtpReply> refused, SmtpReply dataReply) {
        this(accepted, refused, dataReply, null, null);
    }

    /**
     * @param server the {@code host:port} that took the message, or null
     * @param skipped the hosts tried before it, each with its failure, or null
     */
    SendResult(List<String> accepted, Map<String, SmtpReply> refused, SmtpReply dataReply, String server,
            String skipped) {
        this.accepted = List.copyOf(accepted);
        this.refused = Collections.unmodifiableMap(new LinkedHashMap<>(refused));
        this.dataReply = dataReply;
        this.server = server;
        this.skipped = skipped;
    }

    /** The {@code host:port} that took the message, or null when unknown. */
    public String server() {
        return server;
    }

    /** The hosts tried before {@link #server()} failed over, each with its failure; null when none was. */
    public String skipped() {
        return skipped;
    }

    /** The recipients the server accepted, in the order they were given. */
    public List<String> accepted() {
        return accepted;
    }

    /** The refused recipients, in order, with the server's reply: 4xx transient, 5xx permanent. */
    public Map<String, SmtpReply> refused() {
        return refused;
    }

    /** The reply to the final dot; usually {@code 250} with the server's queue id. */
    public SmtpReply dataReply() {
        return dataReply;
    }

    @Override
    public String toString() {
        return "SendResult{server=" + server + ", accepted=" + accepted + ", refused=" + refused + ", reply="
                + dataReply + "}";
    }
}
