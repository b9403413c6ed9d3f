package io.github.mailback.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The beans of the starter: the appenders for Actuator to report on, and the {@code mailback.*}
 * properties (for {@code /actuator/configprops}). The appender itself is attached earlier, before the
 * application context exists, by {@link MailbackApplicationListener}.
 */
@AutoConfiguration
@ConditionalOnClass(name = "ch.qos.logback.classic.LoggerContext")
@EnableConfigurationProperties(MailbackProperties.class)
public class MailbackAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public MailbackAppenders mailbackAppenders() {
        return new MailbackAppenders();
    }
}
