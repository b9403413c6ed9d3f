package io.github.mailback.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.mailback.SmtpAppender;
import io.github.mailback.oauth.ClientCredentialsTokenProvider;
import io.github.mailback.oauth.GoogleServiceAccountTokenProvider;
import io.github.mailback.oauth.MicrosoftTokenProvider;
import java.beans.Introspector;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/configuration.md has a row for every property Logback can set on the appender (its own and its
 * base classes' public setters and adders, as Joran finds them) and on the OAuth 2.0 providers, and no
 * row for a property that does not exist.
 */
@Timeout(30)
class ConfigurationReferenceTest {
    private static final Path PAGE = Path.of("docs", "configuration.md");
    /**
     * Public setters and adders that are no configuration: the context is Logback's to set, and the
     * status methods (addStatus, addInfo, addWarn, addError) are how a component reports, not a property.
     */
    private static final Set<String> NOT_PROPERTIES = Set.of("context", "status", "info", "warn", "error");
    private static final Pattern FIRST_CELL_NAME = Pattern.compile("`([A-Za-z0-9]+)`");

    @Test
    void everyPropertyHasARow() {
        Set<String> documented = documented();
        List<String> missing = new ArrayList<>();
        for (String property : properties()) {
            if (!documented.contains(property)) {
                missing.add(property);
            }
        }
        assertEquals(List.of(), missing, "properties without a row in " + PAGE);
    }

    @Test
    void everyRowIsAProperty() {
        Set<String> properties = properties();
        List<String> unknown = new ArrayList<>();
        for (String name : documented()) {
            if (!properties.contains(name)) {
                unknown.add(name);
            }
        }
        assertEquals(List.of(), unknown, "rows of " + PAGE + " that name no property");
    }

    /**
     * The names in the first cell of each table row, outside the section on value formats:
     * {@code | `smtpHost` (also `SMTPHost`) | ...} gives smtpHost and SMTPHost.
     */
    static Set<String> documented() {
        Set<String> names = new TreeSet<>();
        String section = "";
        for (String line : Docs.prose(PAGE)) {
            if (line.startsWith("## ")) {
                section = line;
            } else if (!section.equals("## Values") && line.startsWith("| `")) {
                Matcher m = FIRST_CELL_NAME.matcher(line.split("\\|")[1]);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    /** Every property Logback can set: the appender's and the token providers' public setters and adders. */
    static Set<String> properties() {
        Set<String> names = new TreeSet<>();
        for (Class<?> type : List.of(SmtpAppender.class, MicrosoftTokenProvider.class,
                ClientCredentialsTokenProvider.class, GoogleServiceAccountTokenProvider.class)) {
            for (Method m : type.getMethods()) {
                String name = m.getName();
                if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 1 || name.length() < 4
                        || !name.startsWith("set") && !name.startsWith("add")) {
                    continue;
                }
                String property = Introspector.decapitalize(name.substring(3));
                if (!NOT_PROPERTIES.contains(property)) {
                    names.add(property);
                }
            }
        }
        return names;
    }

    @Test
    void theBaseClassesPropertiesAreFound() {
        Set<String> properties = properties();
        assertEquals(true, properties.containsAll(List.of("name", "filter", "ssl", "SMTPHost", "smtpHost", "to",
                "redactPattern", "tenant", "keyFile", "clientAuthentication")), properties.toString());
    }
}
