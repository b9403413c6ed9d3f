package io.github.mailback.bench;

import io.github.mailback.smtp.Envelope;
import io.github.mailback.smtp.MailContent;
import io.github.mailback.smtp.SmtpClient;
import io.github.mailback.smtp.SmtpConnection;
import jakarta.mail.Address;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Explains the client benchmarks rather than timing them: for each client and mode, the TCP segments
 * per message (both directions, from the kernel's TcpOutSegs counter) and the CPU time per message of
 * the sending thread, of the whole JVM and of smtp-sink. The segment counter is machine-wide, so run it
 * alone in a fresh network namespace:
 *
 * <pre>
 * unshare -n sh -c 'ip link set lo up &amp;&amp; java -cp target/benchmarks.jar io.github.mailback.bench.WireCost'
 * </pre>
 */
public final class WireCost {
    private static final int WARMUP = 3000;
    private static final int MESSAGES = 10000;
    private static final int CONNECTIONS_WARMUP = 300;
    private static final int CONNECTIONS = 2000;

    private WireCost() {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf("%-42s %9s %9s %12s %9s %10s%n", "", "segments", "msg/s", "send thread", "JVM", "smtp-sink");
        System.out.printf("%-42s %9s %9s %12s %9s %10s%n", "", "per msg", "", "us CPU/msg", "us/msg", "us/msg");
        oneConnection("mailback, one connection, pipelined", true);
        oneConnection("mailback, one connection, no pipelining", false);
        angusOneConnection();
        connectionPerMessage();
        angusConnectionPerMessage();
    }

    private static void oneConnection(String label, boolean pipelining) throws Exception {
        try (SmtpSink sink = SmtpSink.start()) {
            SmtpClient client = SmtpClient.builder().host("127.0.0.1").port(sink.port()).heloName("localhost")
                    .pipelining(pipelining).build();
            Envelope envelope = Envelope.of(SampleMessage.FROM, SampleMessage.TO);
            MailContent content = MailContent.of(SampleMessage.bytes());
            try (SmtpConnection connection = client.connect()) {
                for (int i = 0; i < WARMUP; i++) {
                    connection.send(envelope, content);
                }
                Sample before = Sample.take(sink);
                for (int i = 0; i < MESSAGES; i++) {
                    connection.send(envelope, content);
                }
                Sample.take(sink).print(label, before, MESSAGES);
            }
        }
    }

    private static void angusOneConnection() throws Exception {
        try (SmtpSink sink = SmtpSink.start()) {
            Session session = AngusMail.session(sink.port());
            MimeMessage message = AngusMail.message(session);
            Address[] recipients = AngusMail.recipients();
            Transport transport = session.getTransport("smtp");
            transport.connect();
            try {
                for (int i = 0; i < WARMUP; i++) {
                    transport.sendMessage(message, recipients);
                }
                Sample before = Sample.take(sink);
                for (int i = 0; i < MESSAGES; i++) {
                    transport.sendMessage(message, recipients);
                }
                Sample.take(sink).print("Angus Mail, one connection", before, MESSAGES);
            } finally {
                transport.close();
            }
        }
    }

    private static void connectionPerMessage() throws Exception {
        try (SmtpSink sink = SmtpSink.start()) {
            SmtpClient client = SmtpClient.builder().host("127.0.0.1").port(sink.port()).heloName("localhost").build();
            Envelope envelope = Envelope.of(SampleMessage.FROM, SampleMessage.TO);
            MailContent content = MailContent.of(SampleMessage.bytes());
            for (int i = 0; i < CONNECTIONS_WARMUP; i++) {
                client.send(envelope, content);
            }
            Sample before = Sample.take(sink);
            for (int i = 0; i < CONNECTIONS; i++) {
                client.send(envelope, content);
            }
            Sample.take(sink).print("mailback, connection per message", before, CONNECTIONS);
        }
    }

    private static void angusConnectionPerMessage() throws Exception {
        try (SmtpSink sink = SmtpSink.start()) {
            Session session = AngusMail.session(sink.port());
            MimeMessage message = AngusMail.message(session);
            Address[] recipients = AngusMail.recipients();
            for (int i = 0; i < CONNECTIONS_WARMUP; i++) {
                angusOnce(session, message, recipients);
            }
            Sample before = Sample.take(sink);
            for (int i = 0; i < CONNECTIONS; i++) {
                angusOnce(session, message, recipients);
            }
            Sample.take(sink).print("Angus Mail, connection per message", before, CONNECTIONS);
        }
    }

    private static void angusOnce(Session session, MimeMessage message, Address[] recipients) throws Exception {
        Transport transport = session.getTransport("smtp");
        transport.connect();
        try {
            transport.sendMessage(message, recipients);
        } finally {
            transport.close();
        }
    }

    /** Counters read at one moment. */
    private record Sample(long segments, long nanos, long threadCpu, long jvmCpu, long sinkCpu) {
        static Sample take(SmtpSink sink) throws Exception {
            return new Sample(tcpOutSegments(), System.nanoTime(),
                    ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime(),
                    ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                            .getProcessCpuTime(),
                    sink.cpuNanos());
        }

        void print(String label, Sample before, int messages) {
            System.out.printf("%-42s %9.1f %9.0f %12.1f %9.1f %10.1f%n", label,
                    (segments - before.segments) / (double) messages,
                    messages * 1e9 / (nanos - before.nanos),
                    (threadCpu - before.threadCpu) / 1e3 / messages,
                    (jvmCpu - before.jvmCpu) / 1e3 / messages,
                    (sinkCpu - before.sinkCpu) / 1e3 / messages);
        }
    }

    /** TcpOutSegs from /proc/net/snmp: segments sent by this network namespace, loopback included. */
    private static long tcpOutSegments() throws Exception {
        String[] lines = Files.readString(Path.of("/proc/net/snmp"), StandardCharsets.US_ASCII).split("\n");
        for (int i = 0; i + 1 < lines.length; i++) {
            if (lines[i].startsWith("Tcp:") && lines[i + 1].startsWith("Tcp:")) {
                String[] names = lines[i].trim().split("\\s+");
                String[] values = lines[i + 1].trim().split("\\s+");
                for (int k = 0; k < names.length; k++) {
                    if (names[k].equals("OutSegs")) {
                        return Long.parseLong(values[k]);
                    }
                }
            }
        }
        throw new IllegalStateException("no Tcp OutSegs in /proc/net/snmp");
    }
}
