package io.github.mailback.bench;

import io.github.mailback.smtp.Envelope;
import io.github.mailback.smtp.MailContent;
import io.github.mailback.smtp.SendResult;
import io.github.mailback.smtp.SmtpClient;
import io.github.mailback.smtp.SmtpConnection;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link ClientOneConnectionBenchmark} with network latency between client and server: the same
 * clients, message and smtp-sink, reached through a {@link LatencyProxy} that delays each direction
 * by {@code oneWayDelayMicros}. On loopback a round trip costs about as much CPU as the work around
 * it; on a real network it costs time, and the number of round trips per message decides throughput.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ClientOverLatencyBenchmark {

    /** smtp-sink behind the proxy. */
    @State(Scope.Thread)
    public static class Network {
        /** One-way delay; a round trip takes twice as long. 250 us: a relay in the same data center. */
        @Param({"250", "1000"})
        public long oneWayDelayMicros;
        SmtpSink sink;
        LatencyProxy proxy;

        @Setup(Level.Trial)
        public void start() throws IOException {
            sink = SmtpSink.start();
            proxy = LatencyProxy.start(sink.port(), TimeUnit.MICROSECONDS.toNanos(oneWayDelayMicros));
        }

        @TearDown(Level.Trial)
        public void stop() {
            proxy.close();
            sink.close();
        }
    }

    /** One mailback connection through the proxy, for the trial. */
    @State(Scope.Thread)
    public static class MailbackConnection {
        final Envelope envelope = Envelope.of(SampleMessage.FROM, SampleMessage.TO);
        final MailContent content = MailContent.of(SampleMessage.bytes());
        SmtpConnection connection;

        @Setup(Level.Trial)
        public void open(Network network) throws IOException {
            connection = SmtpClient.builder().host("127.0.0.1").port(network.proxy.port()).heloName("localhost")
                    .build().connect();
        }

        @TearDown(Level.Trial)
        public void close() {
            connection.close();
        }
    }

    /** One Angus Mail transport through the proxy, for the trial. */
    @State(Scope.Thread)
    public static class AngusConnection {
        MimeMessage message;
        Address[] recipients;
        Transport transport;

        @Setup(Level.Trial)
        public void open(Network network) throws MessagingException, IOException {
            Session session = AngusMail.session(network.proxy.port());
            message = AngusMail.message(session);
            recipients = AngusMail.recipients();
            transport = session.getTransport("smtp");
            transport.connect();
        }

        @TearDown(Level.Trial)
        public void close() throws MessagingException {
            transport.close();
        }
    }

    @Benchmark
    public SendResult mailback(MailbackConnection c) throws IOException {
        return c.connection.send(c.envelope, c.content);
    }

    @Benchmark
    public Transport angus(AngusConnection c) throws MessagingException {
        c.transport.sendMessage(c.message, c.recipients);
        return c.transport;
    }
}
