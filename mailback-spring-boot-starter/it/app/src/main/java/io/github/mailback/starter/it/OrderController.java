package io.github.mailback.starter.it;

import java.sql.SQLTransientConnectionException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** GET /orders/{id}: the order store is down, every request fails, and Spring logs each at ERROR. */
@RestController
public class OrderController {

    @GetMapping("/orders/{id}")
    public String order(@PathVariable long id) {
        try {
            throw new SQLTransientConnectionException("orders-pool - Connection is not available, request timed out after 30000 ms");
        } catch (SQLTransientConnectionException e) {
            throw new IllegalStateException("Order store unavailable while loading order " + id, e);
        }
    }
}
