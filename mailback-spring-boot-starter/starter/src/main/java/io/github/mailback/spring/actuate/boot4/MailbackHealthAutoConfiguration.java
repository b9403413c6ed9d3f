package io.github.mailback.spring.actuate.boot4;

import io.github.mailback.spring.MailbackAppenders;
import io.github.mailback.spring.MailbackAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code mailback} health contributor on Boot 4 (the health API in
 * {@code org.springframework.boot.health}, the spring-boot-health module); on Boot 3 that package does
 * not exist, and {@code actuate.boot3} applies instead. Turn it off with {@code management.health.mailback.enabled=false}.
 */
@AutoConfiguration(after = MailbackAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
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
