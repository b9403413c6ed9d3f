package io.github.mailback.bench;

import java.nio.charset.StandardCharsets;

/** The message every client benchmark sends: a plain-text email of exactly 1,024 octets, headers included. */
final class SampleMessage {
    static final String FROM = "bench@mailback.test";
    static final String TO = "sink@mailback.test";
    static final int SIZE = 1024;

    private SampleMessage() {
    }

    /** The message as it goes on the wire before dot-stuffing: CRLF line ends, a final CRLF. */
    static byte[] bytes() {
        StringBuilder sb = new StringBuilder()
                .append("From: Mailback Bench <").append(FROM).append(">\r\n")
                .append("To: <").append(TO).append(">\r\n")
                .append("Subject: Benchmark message\r\n")
                .append("Date: Thu, 26 Nov 2026 22:00:00 +0000\r\n")
                .append("Message-ID: <bench.1@mailback.test>\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("Content-Type: text/plain; charset=US-ASCII\r\n")
                .append("Content-Transfer-Encoding: 7bit\r\n")
                .append("\r\n");
        String line = "The quick brown fox jumps over the lazy dog; a line of an alert body.";
        while (sb.length() + line.length() + 2 <= SIZE - 2) {
            sb.append(line).append("\r\n");
        }
        // Pad the last line so that the whole message is exactly SIZE octets with its final CRLF.
        sb.append("x".repeat(SIZE - 2 - sb.length())).append("\r\n");
        byte[] bytes = sb.toString().getBytes(StandardCharsets.US_ASCII);
        if (bytes.length != SIZE) {
            throw new AssertionError("sample message is " + bytes.length + " octets");
        }
        return bytes;
    }
}
