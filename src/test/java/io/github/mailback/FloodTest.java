package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** 10,000 errors from 4 threads: a bounded number of emails whose X-Mailback-Events add up exactly. */
class FloodTest {
    @Test
    void tenThousandErrorsFromFourThreadsGiveAFewEmailsCountingEveryEvent() throws Exception {
        try (MailServer server = MailServer.start()) {
            LoggerContext context = LogbackConfig.load("/logback/fast.xml",
                    Map.of("smtpPort", String.valueOf(server.port())));
            SmtpAppender appender = LogbackConfig.appender(context, "EMAIL");
            Logger log = context.getLogger("com.example.Orders");
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                Thread thread = new Thread(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < 2_500; i++) {
                        log.info("processing order {}", i);
                        log.error("order {} of worker {} failed", i, id);
                    }
                }, "worker-" + t);
                threads.add(thread);
                thread.start();
            }
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertEquals(10_000, appender.getTriggeringEvents());
            context.stop();

            List<MimeMessage> messages = server.messages();
            assertTrue(messages.size() >= 1 && messages.size() <= 3,
                    () -> messages.size() + " emails\n" + LogbackConfig.statuses(context));
            long sum = messages.stream().mapToLong(MailServer::events).sum();
            assertEquals(10_000, sum, () -> appender.counters() + "\n" + LogbackConfig.statuses(context));
            assertEquals(10_000, appender.getEventsReported());
            assertEquals(messages.size(), appender.getEmailsSent());
            assertTrue(MailServer.subject(messages.get(0)).contains("similar"), MailServer.subject(messages.get(0)));
        }
    }
}
