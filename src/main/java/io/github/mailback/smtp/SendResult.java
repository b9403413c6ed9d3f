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

    public SendResult(List<String> accepted, Map<String, SmtpReply> refused, SmtpReply dataReply) {
        this.accepted = List.copyOf(accepted);
        this.refused = Collections.unmodifiableMap(new LinkedHashMap<>(refused));
        this.dataReply = dataReply;
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
        return "SendResult{accepted=" + accepted + ", refused=" + refused + ", reply=" + dataReply + "}";
    }
}
