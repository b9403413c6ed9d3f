package io.github.mailback.spring;

import io.github.mailback.smtp.TlsMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The {@code mailback.*} properties of an environment, with what they leave unset taken from the
 * application: the server and credentials from {@code spring.mail.*}, {@code service} from
 * {@code spring.application.name}, {@code app-packages} from the {@code @SpringBootApplication} class.
 * It remembers where each value taken came from, for messages. Everything is read through Spring's
 * {@link Binder} (not {@code MailProperties}, whose package differs between Boot 3 and 4).
 */
final class ResolvedProperties {
    /** The properties with the defaults filled in. */
    final MailbackProperties properties;
    /** For each property filled in from elsewhere (without the prefix), the property it came from. */
    final Map<String, String> origins;
    /** Each property's value, for comparing two configurations and showing the effective settings. */
    final Map<String, Object> values;

    private ResolvedProperties(MailbackProperties properties, Map<String, String> origins) {
        this.properties = properties;
        this.origins = Map.copyOf(origins);
        this.values = AppenderMapping.values(properties);
    }

    /**
     * Binds {@code mailback.*} and fills in the defaults. {@code applicationClass} is the
     * {@code @SpringBootApplication} class, or null.
     */
    static ResolvedProperties resolve(Binder binder, Class<?> applicationClass) {
        MailbackProperties p = binder.bind("mailback", MailbackProperties.class).orElseGet(MailbackProperties::new);
        Map<String, String> origins = new LinkedHashMap<>();
        // The whole server block comes from spring.mail, or none of it: credentials meant for the
        // application's own mail server are never sent to another one.
        if (p.getSmtpHost() == null) {
            SpringMail mail = SpringMail.read(binder);
            if (mail.host() != null) {
                fill(origins, "smtp-host", p.getSmtpHost(), mail.host(), "spring.mail.host", p::setSmtpHost);
                fill(origins, "smtp-port", p.getSmtpPort(), mail.port(), "spring.mail.port", p::setSmtpPort);
                fill(origins, "username", p.getUsername(), mail.username(), "spring.mail.username", p::setUsername);
                if (p.getOauth2().getProvider() == null) {
                    fill(origins, "password", p.getPassword(), mail.password(), "spring.mail.password", p::setPassword);
                }
                if (mail.tls() != null) {
                    fill(origins, "tls", p.getTls(), mail.tls(), mail.tlsOrigin(), p::setTls);
                }
                fill(origins, "ssl.bundle", p.getSsl().getBundle(), mail.sslBundle(), "spring.mail.ssl.bundle",
                        p.getSsl()::setBundle);
            }
        }
        fill(origins, "service", p.getService(), binder.bind("spring.application.name", String.class).orElse(null),
                "spring.application.name", p::setService);
        if (applicationClass != null && !applicationClass.getPackageName().isEmpty()) {
            fill(origins, "app-packages", p.getAppPackages(), applicationClass.getPackageName(),
                    "the package of " + applicationClass.getSimpleName(), p::setAppPackages);
        }
        return new ResolvedProperties(p, origins);
    }

    /**
     * The {@code mailback.*} properties set in the environment, by their names in the table
     * ({@code mailback.to} for {@code mailback.to[0]}), {@code mailback.enabled} aside, sorted. Names that
     * are no mailback property are left out: relaxed binding turns any {@code MAILBACK_*} environment
     * variable into a {@code mailback.*} name.
     */
    static TreeSet<String> setInEnvironment(ConfigurableEnvironment environment) {
        List<ConfigurationPropertyName> known = new ArrayList<>();
        AppenderMapping.ENTRIES.forEach(e -> known.add(ConfigurationPropertyName.of("mailback." + e.property())));
        AppenderMapping.OAUTH2_FIELDS.forEach(f -> known.add(ConfigurationPropertyName.of("mailback.oauth2." + f.field())));
        TreeSet<String> names = new TreeSet<>();
        for (var source : ConfigurationPropertySources.get(environment)) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                iterable.stream().forEach(name -> known.stream()
                        .filter(k -> k.equals(name) || k.isAncestorOf(name))
                        .findFirst()
                        .ifPresent(k -> names.add(k.toString())));
            }
        }
        return names;
    }

    /** Where a property's value came from: {@code mailback.x}, or the Spring property it was taken from. */
    String origin(String property) {
        return origins.getOrDefault(property, "mailback." + property);
    }

    private static <T> void fill(Map<String, String> origins, String property, T current, T value, String origin,
            java.util.function.Consumer<T> setter) {
        if (current == null && value != null) {
            setter.accept(value);
            origins.put(property, origin);
        }
    }

    /**
     * What the application configured for its own {@code JavaMailSender}, as far as mailback uses it.
     * Jakarta Mail's {@code mail.smtp.starttls.enable} is opportunistic; mailback's STARTTLS is required,
     * so the mapping is stricter: a server that does not offer STARTTLS gets no email rather than one in
     * clear text.
     */
    record SpringMail(String host, Integer port, String username, String password, TlsMode tls, String tlsOrigin,
            String sslBundle) {

        static SpringMail read(Binder binder) {
            String protocol = binder.bind("spring.mail.protocol", String.class).orElse("smtp").strip()
                    .toLowerCase(Locale.ROOT);
            Map<String, String> javaMail = binder.bind("spring.mail.properties", Bindable.mapOf(String.class, String.class))
                    .orElse(Map.of());
            TlsMode tls = null;
            String origin = null;
            String sslKey = "mail." + protocol + ".ssl.enable";
            String starttlsKey = "mail." + protocol + ".starttls.enable";
            String requiredKey = "mail." + protocol + ".starttls.required";
            if (protocol.equals("smtps")) {
                tls = TlsMode.SMTPS;
                origin = "spring.mail.protocol";
            } else if (binder.bind("spring.mail.ssl.enabled", Boolean.class).orElse(false)) {
                tls = TlsMode.SMTPS;
                origin = "spring.mail.ssl.enabled";
            } else if (isTrue(javaMail.get(sslKey))) {
                tls = TlsMode.SMTPS;
                origin = "spring.mail.properties." + sslKey;
            } else if (isTrue(javaMail.get(starttlsKey)) || isTrue(javaMail.get(requiredKey))) {
                tls = TlsMode.STARTTLS;
                origin = "spring.mail.properties." + (isTrue(javaMail.get(starttlsKey)) ? starttlsKey : requiredKey);
            }
            return new SpringMail(binder.bind("spring.mail.host", String.class).orElse(null),
                    binder.bind("spring.mail.port", Integer.class).orElse(null),
                    binder.bind("spring.mail.username", String.class).orElse(null),
                    binder.bind("spring.mail.password", String.class).orElse(null), tls, origin,
                    binder.bind("spring.mail.ssl.bundle", String.class).orElse(null));
        }

        private static boolean isTrue(String value) {
            return value != null && value.strip().equalsIgnoreCase("true");
        }
    }
}
