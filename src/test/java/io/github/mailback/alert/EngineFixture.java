package io.github.mailback.alert;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.github.mailback.config.AppFrames;
import io.github.mailback.report.LayoutBody;
import io.github.mailback.report.LayoutFrame;
import io.github.mailback.report.Times;
import io.github.mailback.smtp.Replies;
import io.github.mailback.smtp.SendResult;
import io.github.mailback.smtp.SmtpException;
import io.github.mailback.smtp.SmtpReply;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/** An engine wired to a fake clock and a recording transport, driven step by step: no thread, no sleep. */
final class EngineFixture {
    static final Route ROUTE = new Route(List.of("ops@example.com"));

    /** A clock the test moves by hand. */
    static final class FakeClock implements LongSupplier {
        long now = 1_000_000_000L;

        @Override
        public long getAsLong() {
            return now;
        }

        void advance(Duration d) {
            now += d.toNanos();
        }
    }

    /** Records each attempt; throws the queued failures first. */
    static final class RecordingTransport implements Transport {
        final List<AlertEmail> attempts = new ArrayList<>();
        /** Emails accepted for at least one recipient, each once (by Message-ID: a resend is no new email). */
        final List<AlertEmail> delivered = new ArrayList<>();
        /** The envelope recipients of each attempt. */
        final List<List<String>> envelopes = new ArrayList<>();
        /** Each recipient delivered to, with the emails it received. */
        final Map<String, List<AlertEmail>> mailboxes = new java.util.TreeMap<>();
        /** Recipients refused (RCPT) with this reply until a test removes them. */
        final Map<String, SmtpReply> refuse = new java.util.HashMap<>();
        final Deque<IOException> failures = new ArrayDeque<>();
        /** Thrown before the failures: runtime exceptions and errors, as a bug or the JVM would. */
        final Deque<Throwable> unchecked = new ArrayDeque<>();
        IOException always;
        /** Fails every attempt to this route. */
        Route failingRoute;

        @Override
        public SendResult send(AlertEmail email, List<String> only, long budgetNanos) throws IOException {
            attempts.add(email);
            List<String> to = only != null ? only : email.route().to();
            envelopes.add(to);
            if (always != null) {
                throw always;
            }
            Throwable bug = unchecked.poll();
            if (bug instanceof RuntimeException e) {
                throw e;
            } else if (bug instanceof Error e) {
                throw e;
            }
            if (email.route().equals(failingRoute)) {
                throw new SmtpException("RCPT refused", Replies.reply(452, "4.2.2", "mailbox full"));
            }
            IOException next = failures.poll();
            if (next != null) {
                throw next;
            }
            List<String> accepted = new ArrayList<>();
            Map<String, SmtpReply> refused = new java.util.LinkedHashMap<>();
            for (String r : to) {
                if (refuse.containsKey(r)) {
                    refused.put(r, refuse.get(r));
                } else {
                    accepted.add(r);
                }
            }
            if (accepted.isEmpty()) {
                boolean allTransient = refused.values().stream().allMatch(SmtpReply::isTransientNegative);
                throw new SmtpException("all recipients refused", refused.values().iterator().next(), allTransient,
                        null);
            }
            if (delivered.stream().noneMatch(d -> d.messageId().equals(email.messageId()))) {
                // A resend to recipients who refused it for now is no new email; one sent again after a
                // broken connection arrives here first.
                delivered.add(email);
            }
            for (String r : accepted) {
                mailboxes.computeIfAbsent(r, k -> new ArrayList<>()).add(email);
            }
            return Replies.result(accepted, refused, Replies.reply(250, "2.0.0", "queued"));
        }

        long deliveredEvents() {
            return delivered.stream().mapToLong(AlertEmail::events).sum();
        }
    }

    final FakeClock clock = new FakeClock();
    final RecordingTransport transport = new RecordingTransport();
    final List<String> statuses = new ArrayList<>();
    final AlertCounters counters = new AlertCounters();
    final Inbox inbox;
    final AlertEngine engine;
    final Digest digest;
    final Intake intake;
    final Snapshots snapshots;
    final StatusReporter status;
    /** The spool's files, once {@link #spool} opened them. */
    private io.github.mailback.spool.Spool spoolFiles;
    final LoggerContext context = new LoggerContext();
    /** Where an event goes; every event to {@link #ROUTE} unless a test says otherwise. */
    java.util.function.Function<ILoggingEvent, List<String>> router = e -> ROUTE.to();

    static RepeatPolicy defaultPolicy() {
        return new RepeatPolicy(Duration.ofSeconds(5).toNanos(), Duration.ofMinutes(10).toNanos(),
                Duration.ofHours(4).toNanos(), 10, Duration.ofMinutes(1).toNanos());
    }

    EngineFixture() {
        this(defaultPolicy(), EngineFixture.rate(12, Duration.ofHours(1)), 5, 50, 100_000);
    }

    /** Nanoseconds per email for a limit of {@code count} emails per {@code period}. */
    static long rate(int count, Duration period) {
        return period.toNanos() / count;
    }

    EngineFixture(RepeatPolicy policy, long nanosPerToken, int burst, int maxGroups, int inboxSize) {
        inbox = new Inbox(inboxSize);
        context.setName("shop");
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        // The appender's default subject.
        PatternLayout subject = layout("%headline on %service", false);
        PatternLayout text = layout("%d %-5level %logger - %msg%n", true);
        snapshots = new Snapshots(subject, text, null, List.of(), AppFrames.DEFAULT);
        EmailComposer composer = new EmailComposer(new LayoutBody(LayoutFrame.of(text), false, new Times(ZoneOffset.UTC)),
                null, null, "example.com", () -> clock.now / 1_000_000L, "shop");
        status = new StatusReporter(new StatusReporter.Sink() {
            @Override
            public void warn(String message) {
                statuses.add("WARN " + message);
            }

            @Override
            public void error(String message, Throwable cause) {
                statuses.add("ERROR " + message);
            }
        }, clock, 1000, Duration.ofMinutes(1).toNanos());
        digest = new Digest(maxGroups, policy);
        intake = new Intake(inbox, digest, e -> router.apply(e), snapshots::example, AppFrames.DEFAULT, status,
                counters, clock);
        engine = new AlertEngine(intake, digest, new TokenBucket(burst, nanosPerToken, clock.now), composer,
                Mailer.direct(transport), status, counters, clock,
                new RetryPolicy(Duration.ofMinutes(5).toNanos(), Duration.ofSeconds(1).toNanos(),
                        Duration.ofMinutes(1).toNanos()));
    }

    private PatternLayout layout(String pattern, boolean withThrowable) {
        PatternLayout l = new PatternLayout();
        l.setContext(context);
        l.setPattern(pattern);
        AppFrames.register(l, AppFrames.DEFAULT);
        if (!withThrowable) {
            l.setPostCompileProcessor(null);
        }
        l.start();
        return l;
    }

    ILoggingEvent event(String logger, String template, Throwable t, Object... args) {
        Logger l = context.getLogger(logger);
        LoggingEvent e = new LoggingEvent(Logger.class.getName(), l, Level.ERROR, template, t, args);
        e.setTimeStamp(clock.now / 1_000_000L);
        return e;
    }

    /** Logs a triggering event as the appender would. */
    void log(ILoggingEvent e) {
        counters.triggered();
        inbox.offer(new Incident(e, List.of(e), clock.now));
    }

    void log(String logger, String template, Object... args) {
        log(event(logger, template, null, args));
    }

    /** Steps the engine and moves the clock until {@code d} has passed, in steps of {@code step}. */
    void run(Duration d, Duration step) {
        long end = clock.now + d.toNanos();
        while (clock.now < end) {
            engine.step();
            clock.advance(step);
        }
        engine.step();
    }

    /**
     * Keeps the engine's state in the spool of context "shop", appender EMAIL under {@code root}, with the
     * wall clock {@code wall} (epoch milliseconds), and opens it: what an earlier run left comes back now.
     */
    Persistence spool(java.nio.file.Path root, LongSupplier wall, long maxBytes) throws IOException {
        io.github.mailback.spool.Spool s = io.github.mailback.spool.Spool.open(root, "shop", "EMAIL", false);
        spoolFiles = s;
        Persistence p = new Persistence(s, maxBytes, true, context, "host.example",
                new Times(ZoneOffset.UTC), null, status, counters, clock, wall);
        p.attach(engine, digest, intake, snapshots::example);
        engine.persist(p);
        p.open();
        return p;
    }

    /** As a SIGKILL leaves the spool: as last written, its lock released. */
    void kill() {
        spoolFiles.close();
    }

    void flush() {
        engine.flush(clock.now + Duration.ofSeconds(10).toNanos(), nanos -> {
            clock.now += nanos;
            return true;
        });
    }
}
