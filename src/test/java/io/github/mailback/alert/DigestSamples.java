package io.github.mailback.alert;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.html.HTMLLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Layout;
import io.github.mailback.config.AppFrames;
import io.github.mailback.report.GroupReport;
import io.github.mailback.report.HtmlDigest;
import io.github.mailback.report.Times;
import java.net.ConnectException;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Log events, layouts and group reports for the HTML digest tests, at fixed times. */
final class DigestSamples {
    /** 2026-11-26 22:40:00 UTC. */
    static final long T0 = 1_795_732_800_000L;

    final LoggerContext context = new LoggerContext();

    DigestSamples() {
        context.setMDCAdapter(new LogbackMDCAdapter());
    }

    PatternLayout textLayout() {
        PatternLayout l = new PatternLayout();
        l.setContext(context);
        l.setPattern("%date{yyyy-MM-dd HH:mm:ss.SSS, UTC} %-5level [%thread] %logger - %msg%n");
        l.start();
        return l;
    }

    HTMLLayout htmlLayout() {
        HTMLLayout l = new HTMLLayout();
        l.setContext(context);
        l.setPattern("%date{HH:mm:ss.SSS, UTC}%level%logger{20}%msg");
        l.start();
        return l;
    }

    HtmlDigest digest() {
        return new HtmlDigest(new Times(ZoneOffset.UTC), "web-01.example.com", "EMAIL", null);
    }

    /** Snapshots taken with {@code text} as the text layout and {@code html} as the HTML layout (or null). */
    Snapshots snapshots(Layout<ILoggingEvent> subject, Layout<ILoggingEvent> text, Layout<ILoggingEvent> html,
            List<Map.Entry<String, Layout<ILoggingEvent>>> headers) {
        return new Snapshots(subject, text, html, headers, AppFrames.DEFAULT);
    }

    LoggingEvent event(long millis, Level level, String logger, String message, Throwable t) {
        Logger log = context.getLogger(logger);
        LoggingEvent e = new LoggingEvent("ch.qos.logback.classic.Logger", log, level, message, t, null);
        e.setTimeStamp(millis);
        e.setThreadName("http-nio-8080-exec-3");
        e.prepareForDeferredProcessing();
        return e;
    }

    /** A trigger at {@code millis} with {@code before} INFO events logged before it. */
    Incident incident(long millis, String logger, String message, Throwable t, int before) {
        List<ILoggingEvent> context = new ArrayList<>();
        for (int i = before; i > 0; i--) {
            context.add(event(millis - i * 40L, Level.INFO, "com.example.shop.OrderService",
                    "order " + (4100 + before - i) + " accepted: 3 items, total 59.90 EUR, customer c-" + (880 + i), null));
        }
        LoggingEvent trigger = event(millis, Level.ERROR, logger, message, t);
        context.add(trigger);
        return new Incident(trigger, context, 0);
    }

    /** A report of the incident, its example taken with the sample text layout. */
    GroupReport report(String fingerprint, Incident example, long count, long first, long last, boolean firstMail) {
        return report(snapshots(textLayout(), textLayout(), null, List.of()), fingerprint, example, count, first, last,
                firstMail);
    }

    static GroupReport report(Snapshots snapshots, String fingerprint, Incident example, long count, long first, long last,
            boolean firstMail) {
        return new GroupReport(fingerprint, snapshots.example(example), count, firstMail ? count : count + 12, first, last,
                firstMail ? first : first - 3_600_000L, firstMail, true, null, example.loggedNanos());
    }

    /** The demo's story: a database failure, a burst of timeouts, one more error. */
    List<GroupReport> realistic() {
        SQLException db = new SQLException("Connection is not available, request timed out after 30000ms.",
                new ConnectException("Connection refused: db-primary.internal:5432"));
        Incident dbFailure = incident(T0 + 1_234, "com.example.shop.OrderRepository",
                "Could not save order 4711", new IllegalStateException("order 4711 not saved", db), 12);
        Incident timeout = incident(T0 + 5_020, "com.example.shop.PaymentClient",
                "Payment provider did not answer within 2000 ms for order 4800; the customer sees an error page and "
                        + "the order stays pending until the reconciliation job runs at night",
                new java.net.SocketTimeoutException("Read timed out"), 4);
        Incident other = incident(T0 + 61_500, "com.example.shop.InventoryService",
                "Stock level for SKU 55-1234-XL went negative (-3)", null, 2);
        return List.of(report("db", dbFailure, 1, T0 + 1_234, T0 + 1_234, true),
                report("timeout", timeout, 4_999, T0 + 5_020, T0 + 76_400, false),
                report("stock", other, 1, T0 + 61_500, T0 + 61_500, true));
    }
}
