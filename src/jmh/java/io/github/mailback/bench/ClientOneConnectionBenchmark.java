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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Messages per second on one open connection to smtp-sink, the same 1 KB message each time: mailback's
 * {@link SmtpConnection} (PIPELINING on, as by default) against Angus Mail's SMTP transport connected once.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ClientOneConnectionBenchmark {

    /** smtp-sink and one mailback connection to it, for the trial. */
    @State(Scope.Thread)
    public static class MailbackConnection {
        final Envelope envelope = Envelope.of(SampleMessage.FROM, SampleMessage.TO);
        final MailContent content = MailContent.of(SampleMessage.bytes());
        SmtpSink sink;
        SmtpConnection connection;

        @Setup(Level.Trial)
        public void open() throws IOException {
            sink = SmtpSink.start();
            SmtpClient client = SmtpClient.builder().host("127.0.0.1").port(sink.port()).heloName("localhost")
                    .build();
            connection = client.connect();
            if (!connection.capabilities().pipelining()) {
                throw new IllegalStateException("smtp-sink did not offer PIPELINING");
            }
        }

        @TearDown(Level.Trial)
        public void close() {
            connection.close();
            sink.close();
        }
    }

    /** smtp-sink and one Angus Mail transport connected to it, for the trial. */
    @State(Scope.Thread)
    public static class AngusConnection {
        SmtpSink sink;
        MimeMessage message;
        Address[] recipients;
        Transport transport;

        @Setup(Level.Trial)
        public void open() throws MessagingException, IOException {
            sink = SmtpSink.start();
            Session session = AngusMail.session(sink.port());
            message = AngusMail.message(session);
            recipients = AngusMail.recipients();
            transport = session.getTransport("smtp");
            transport.connect();
        }

        @TearDown(Level.Trial)
        public void close() throws MessagingException {
            try {
                transport.close();
            } finally {
                sink.close();
            }
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
