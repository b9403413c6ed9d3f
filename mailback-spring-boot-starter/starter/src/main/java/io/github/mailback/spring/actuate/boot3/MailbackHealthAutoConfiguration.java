package io.github.mailback.spring.actuate.boot3;

import io.github.mailback.spring.MailbackAppenders;
import io.github.mailback.spring.MailbackAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code mailback} health contributor on Boot 3 (the health API in
 * {@code org.springframework.boot.actuate.health}); on Boot 4 that package does not exist, and
 * {@code actuate.boot4} applies instead. Turn it off with {@code management.health.mailback.enabled=false}.
 */
@AutoConfiguration(after = MailbackAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnBean(MailbackAppenders.class)
public class MailbackHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "mailbackHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("mailback")
    public MailbackHealthIndicator mailbackHealthIndicator(MailbackAppenders appenders) {
        return new MailbackHealthIndicator(appenders);
    }

    @Bean
    @ConditionalOnEnabledHealthIndicator("mailback")
    public PrimaryGroupWithoutMailback mailbackOutOfPrimaryHealthGroup() {
        return new PrimaryGroupWithoutMailback();
    }
}
