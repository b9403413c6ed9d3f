package io.github.mailback.samples.spring;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * GET /orders/{id}. While the store is down the exception propagates: Spring MVC hands it to the
 * servlet container, whose dispatcherServlet logger logs it at ERROR (mailed), and the client gets 500.
 */
@RestController
public class OrderController {

    private final OrderStore store;

    public OrderController(OrderStore store) {
        this.store = store;
    }

    @GetMapping("/orders/{id}")
    public Order order(@PathVariable long id) {
        return store.load(id);
    }
}
