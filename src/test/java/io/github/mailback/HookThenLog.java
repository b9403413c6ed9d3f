package io.github.mailback;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * Run in a child JVM: the order of a Spring Boot shutdown made certain. A hook of the application's
 * own (Spring Boot's, which closes the context) waits until mailback's hook has finished, then logs
 * an ERROR (a {@code @PreDestroy} method would) and stops Logback (Spring Boot does that last).
 */
public final class HookThenLog {
    private HookThenLog() {
    }

    public static void main(String[] args) throws Exception {
        LoggerContext context = ChildJvm.configureLogback(args[0]);
        LoggerFactory.getLogger("com.example.Orders").error("order 7 failed", new IllegalStateException("no stock"));
        // Hooks run in no set order: this one waits for mailback's, so that the order is the one that lost
        // the alert (mailback's hook first), every time.
        Thread mailbackHook = ((SmtpAppender) context.getLogger("ROOT").getAppender("EMAIL")).shutdownHook;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                mailbackHook.join(30_000);
            } catch (InterruptedException e) {
                return;
            }
            LoggerFactory.getLogger("com.example.OrderFlusher").error("could not flush 3 pending orders at shutdown");
            context.stop();
        }, "application-shutdown"));
        System.exit(0);
    }
}
