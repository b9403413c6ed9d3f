package io.github.mailback.starter.it;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** At shutdown, while Spring closes the context, the pending orders cannot be flushed: one more ERROR. */
@Component
public class OrderOutbox {
    static final String SHUTDOWN_ERROR = "Could not flush 3 pending orders at shutdown";
    private static final Logger log = LoggerFactory.getLogger(OrderOutbox.class);

    @PreDestroy
    public void flush() {
        log.error(SHUTDOWN_ERROR, new IllegalStateException("Order store unavailable while saving order 5001"));
    }
}
