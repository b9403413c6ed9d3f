package io.github.mailback.starter.it;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application the starter's tests run as a process, packaged once per Boot line. mailback is
 * configured by properties alone (the tests pass them as arguments); see TestControls for what the
 * tests can ask of it.
 */
@SpringBootApplication
public class OrderServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrderServiceApplication.class, args);
    }
}
