package io.github.mailback.spring.actuate;

import io.github.mailback.spring.MailbackAppenders;
import io.github.mailback.spring.MailbackAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code mailback} endpoint and the appenders' meters on the application's registry, when Actuator
 * and Micrometer are there. The health contributor has a configuration per Boot line
 * ({@code actuate.boot3}, {@code actuate.boot4}), since Boot 4 moved the health API.
 */
@AutoConfiguration(after = MailbackAutoConfiguration.class)
@ConditionalOnBean(MailbackAppenders.class)
public class MailbackActuatorAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnAvailableEndpoint(endpoint = MailbackEndpoint.class)
        MailbackEndpoint mailbackEndpoint(MailbackAppenders appenders) {
            return new MailbackEndpoint(appenders);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    static class MetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean
        MailbackMeterBinder mailbackMeterBinder(MailbackAppenders appenders) {
            return new MailbackMeterBinder(appenders);
        }
    }
}
