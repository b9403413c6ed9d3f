package io.github.mailback;

import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.slf4j.MDC;

/** A test with GreenMail started before each test, and the Logback context it loads stopped after. */
abstract class WithMailServer {
    MailServer server;
    /** Set by the test when it loads a configuration; stopped after the test. */
    LoggerContext context;

    @BeforeEach
    void startServer() {
        server = MailServer.start();
    }

    @AfterEach
    void stopAll() {
        if (context != null) {
            context.stop();
        }
        server.close();
        MDC.clear();
    }
}
