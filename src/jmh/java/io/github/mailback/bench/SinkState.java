package io.github.mailback.bench;

import java.io.IOException;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** One smtp-sink per trial, shared by every thread of the benchmark. */
@State(Scope.Benchmark)
public class SinkState {
    SmtpSink sink;

    @Setup(Level.Trial)
    public void start() throws IOException {
        sink = SmtpSink.start();
    }

    @TearDown(Level.Trial)
    public void stop() {
        sink.close();
    }

    int port() {
        return sink.port();
    }
}
