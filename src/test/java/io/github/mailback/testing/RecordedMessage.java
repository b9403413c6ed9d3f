package io.github.mailback.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One message {@link ScriptedSmtpServer} received: its envelope as sent, and its content both exactly as
 * it crossed the wire ({@link #rawData()}, dot-stuffed, terminator included) and as a server would store
 * it ({@link #data()}, dots removed, terminator removed).
 */
public final class RecordedMessage {
    private final String mailCommand;
    private final List<String> recipients;
    private final byte[] rawData;
    private final byte[] data;
    private final boolean encrypted;
    private final String authenticatedUser;

    RecordedMessage(String mailCommand, List<String> recipients, byte[] rawData, byte[] data, boolean encrypted,
            String authenticatedUser) {
        this.mailCommand = mailCommand;
        this.recipients = List.copyOf(recipients);
        this.rawData = rawData;
        this.data = data;
        this.encrypted = encrypted;
        this.authenticatedUser = authenticatedUser;
    }

    /** The whole MAIL command line, for example {@code MAIL FROM:<a@example.com> SIZE=120}. */
    public String mailCommand() {
        return mailCommand;
    }

    /** The reverse path without its angle brackets (empty for {@code <>}). */
    public String from() {
        int lt = mailCommand.indexOf('<');
        int gt = mailCommand.lastIndexOf('>');
        return lt < 0 || gt < lt ? "" : mailCommand.substring(lt + 1, gt);
    }

    /** The ESMTP parameters after the reverse path, as given, for example {@code [SIZE=120, BODY=8BITMIME]}. */
    public List<String> mailParameters() {
        int gt = mailCommand.lastIndexOf('>');
        String rest = gt < 0 ? "" : mailCommand.substring(gt + 1).trim();
        return rest.isEmpty() ? List.of() : List.of(rest.split(" +"));
    }

    /** The recipients the server accepted, in order, without angle brackets. */
    public List<String> recipients() {
        return recipients;
    }

    /** The content bytes as received after the 354 reply, dot-stuffed, up to and including {@code .CRLF}. */
    public byte[] rawData() {
        return rawData.clone();
    }

    /** The content with the leading dot of each line removed and the terminator line dropped. */
    public byte[] data() {
        return data.clone();
    }

    /** {@link #data()} decoded as UTF-8. */
    public String dataAsString() {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** Whether the message came over TLS. */
    public boolean encrypted() {
        return encrypted;
    }

    /** The user name of a successful AUTH on that connection, or null. */
    public String authenticatedUser() {
        return authenticatedUser;
    }

    @Override
    public String toString() {
        return "RecordedMessage{" + mailCommand + ", to=" + recipients + ", " + data.length + " bytes}";
    }
}
