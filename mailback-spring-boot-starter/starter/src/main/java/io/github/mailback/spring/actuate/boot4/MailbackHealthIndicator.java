package io.github.mailback.spring.actuate.boot4;

import io.github.mailback.spring.MailbackAppenders;
import io.github.mailback.spring.actuate.MailHealth;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** The {@code mailback} health contributor on Boot 4's health API: {@link MailHealth} as a {@link Health}. */
public class MailbackHealthIndicator implements HealthIndicator {
    private final MailbackAppenders appenders;

    public MailbackHealthIndicator(MailbackAppenders appenders) {
        this.appenders = appenders;
    }

    @Override
    public Health health() {
        MailHealth mail = MailHealth.of(appenders.current());
        Health.Builder builder = switch (mail.state()) {
            case UP -> Health.up();
            case DOWN -> Health.down();
            case UNKNOWN -> Health.unknown();
        };
        if (mail.reason() != null) {
            builder.withDetail("reason", mail.reason());
        }
        return builder.withDetails(mail.details()).build();
    }
}
