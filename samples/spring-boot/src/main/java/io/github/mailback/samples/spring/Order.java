package io.github.mailback.samples.spring;

import java.math.BigDecimal;

public record Order(long id, String customer, BigDecimal total) {
}
