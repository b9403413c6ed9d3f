package io.github.mailback.bench;

import io.github.mailback.smtp.Envelope;
import io.github.mailback.smtp.MailContent;
import io.github.mailback.smtp.SendResult;
import io.github.mailback.smtp.SmtpClient;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Messages per second when every message has its own connection to smtp-sink (connect, greeting, EHLO,
 * the transaction, QUIT): mailback's one-shot {@link SmtpClient#send} against Angus Mail's
 * connect, sendMessage, close.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ClientConnectionPerMessageBenchmark {

    /** smtp-sink and a mailback client, built once: each send opens and closes its own connection. */
    @State(Scope.Thread)
    public static class MailbackClient {
        final Envelope envelope = Envelope.of(SampleMessage.FROM, SampleMessage.TO);
        final MailContent content = MailContent.of(SampleMessage.bytes());
        SmtpSink sink;
        SmtpClient client;

        @Setup(Level.Trial)
        public void build() throws IOException {
            sink = SmtpSink.start();
            client = SmtpClient.builder().host("127.0.0.1").port(sink.port()).heloName("localhost").build();
        }

        @TearDown(Level.Trial)
        public void stop() {
            sink.close();
        }
    }

    /** smtp-sink, an Angus Mail session and the message, built once: each send takes a new transport. */
    @State(Scope.Thread)
    public static class AngusClient {
        SmtpSink sink;
        Session session;
        MimeMessage message;
        Address[] recipients;

        @Setup(Level.Trial)
        public void build() throws MessagingException, IOException {
            sink = SmtpSink.start();
            session = AngusMail.session(sink.port());
            message = AngusMail.message(session);
            recipients = AngusMail.recipients();
        }

        @TearDown(Level.Trial)
        public void stop() {
            sink.close();
        }
    }

    @Benchmark
    public SendResult mailback(MailbackClient c) throws IOException {
        return c.client.send(c.envelope, c.content);
    }

    @Benchmark
    public Transport angus(AngusClient c) throws MessagingException {
        Transport transport = c.session.getTransport("smtp");
        transport.connect();
        try {
            transport.sendMessage(c.message, c.recipients);
        } finally {
            transport.close();
        }
        return transport;
    }
}
