package io.github.mailback.spring;

import ch.qos.logback.classic.LoggerContext;
import io.github.mailback.ConfigurationProblem;
import io.github.mailback.SmtpAppender;
import io.github.mailback.spring.MailbackConfigurationException.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.autoconfigure.ssl.JksSslBundleProperties;
import org.springframework.boot.autoconfigure.ssl.PemSslBundleProperties;
import org.springframework.boot.autoconfigure.ssl.PropertiesSslBundle;
import org.springframework.boot.autoconfigure.ssl.SslProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.io.ResourceLoader;

/**
 * Makes the starter's {@link SmtpAppender} from the resolved properties and checks it with the appender's
 * own {@link SmtpAppender#checkConfiguration()}, without starting it: a wrong value becomes a
 * {@link MailbackConfigurationException} naming the {@code mailback.*} property.
 */
final class AppenderFactory {
    private final Binder binder;
    private final ResourceLoader resourceLoader;
    /** Where a property's value was set ("class path resource [application.properties] - 3:22"), or null. */
    private final UnaryOperator<String> originOf;

    AppenderFactory(Binder binder, ResourceLoader resourceLoader, UnaryOperator<String> originOf) {
        this.binder = binder;
        this.resourceLoader = resourceLoader;
        this.originOf = originOf;
    }

    /** The appender, configured and checked, not started; or the exception with every wrong property. */
    SmtpAppender create(ResolvedProperties resolved, LoggerContext context) {
        SmtpAppender appender = new SmtpAppender();
        appender.setContext(context);
        appender.setName(RootAttachment.NAME);
        List<Problem> problems = new ArrayList<>();
        AppenderMapping.Resources resources = new AppenderMapping.Resources() {
            @Override
            public Optional<SslBundleConfiguration> sslBundle(String name) {
                return bundle(resolved, name, problems);
            }

            @Override
            public void problem(String property, String message) {
                problems.add(AppenderFactory.this.problem(resolved, property, message));
            }
        };
        for (AppenderMapping.Entry e : AppenderMapping.ENTRIES) {
            e.setter().apply(appender, resolved.properties, resources);
        }
        for (ConfigurationProblem p : appender.checkConfiguration()) {
            Optional<AppenderMapping.Entry> entry = AppenderMapping.forAppenderProperty(p.property());
            problems.add(entry.map(e -> problem(resolved, e.property(), rename(p.message())))
                    .orElseGet(() -> new Problem("mailback", null, null, p.message())));
        }
        if (!problems.isEmpty()) {
            throw new MailbackConfigurationException(problems);
        }
        return appender;
    }

    private Optional<SslBundleConfiguration> bundle(ResolvedProperties resolved, String name, List<Problem> problems) {
        SslProperties ssl = binder.bind("spring.ssl", SslProperties.class).orElseGet(SslProperties::new);
        PemSslBundleProperties pem = ssl.getBundle().getPem().get(name);
        JksSslBundleProperties jks = ssl.getBundle().getJks().get(name);
        try {
            if (pem != null) {
                return Optional.of(new SslBundleConfiguration(name, PropertiesSslBundle.get(pem, resourceLoader)));
            }
            if (jks != null) {
                return Optional.of(new SslBundleConfiguration(name, PropertiesSslBundle.get(jks, resourceLoader)));
            }
            problems.add(problem(resolved, "ssl.bundle", "no SSL bundle is named '" + name
                    + "': define spring.ssl.bundle.jks." + name + ".* or spring.ssl.bundle.pem." + name + ".*"));
        } catch (RuntimeException e) {
            problems.add(problem(resolved, "ssl.bundle", "the SSL bundle '" + name + "' cannot be loaded: " + e.getMessage()));
        }
        return Optional.empty();
    }

    /** A problem with a property (without the prefix), named as the user set it. */
    private Problem problem(ResolvedProperties resolved, String property, String reason) {
        Object value = resolved.values.get(property);
        String shown = value == null ? null
                : AppenderMapping.isSecret(property) ? AppenderMapping.MASK
                : value instanceof List<?> list ? String.join(", ", list.stream().map(String::valueOf).toList())
                : String.valueOf(value);
        String takenFrom = resolved.origins.get(property);
        if (takenFrom != null && takenFrom.startsWith("spring.")) {
            // Taken from spring.mail.*: that is the property to correct (or to override with mailback.*).
            return new Problem(takenFrom, shown, originOf.apply(takenFrom),
                    reason + " (mailback." + property + " takes its value from " + takenFrom + " when unset)");
        }
        String name = "mailback." + property;
        return new Problem(name, shown, takenFrom != null ? takenFrom : originOf.apply(name), reason);
    }

    private static final Pattern THE_PROPERTY = Pattern.compile("the (\\w+)( bufferSize)? property");

    /** The appender's message with its property names ("the rateLimit property") as mailback.* names. */
    static String rename(String message) {
        Matcher m = THE_PROPERTY.matcher(message);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            Optional<AppenderMapping.Entry> e = AppenderMapping.forAppenderProperty(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(e.map(x -> "mailback." + x.property()).orElse(m.group())));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
