package io.github.mailback.spring;

import ch.qos.logback.core.net.ssl.SSLConfiguration;
import ch.qos.logback.core.spi.ContextAware;
import javax.net.ssl.SSLContext;
import org.springframework.boot.ssl.SslBundle;

/**
 * A Spring SSL bundle as the appender's {@code ssl} property: the appender asks its {@code ssl} for an
 * {@link SSLContext} at start, and gets the bundle's. Host names are still verified by the appender.
 */
final class SslBundleConfiguration extends SSLConfiguration {
    private final String name;
    private final SslBundle bundle;

    SslBundleConfiguration(String name, SslBundle bundle) {
        this.name = name;
        this.bundle = bundle;
    }

    @Override
    public SSLContext createContext(ContextAware context) {
        return bundle.createSslContext();
    }

    @Override
    public String toString() {
        return "SSL bundle " + name;
    }
}
