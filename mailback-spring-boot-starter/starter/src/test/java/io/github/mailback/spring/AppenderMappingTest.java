package io.github.mailback.spring;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.core.UnsynchronizedAppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.mailback.SmtpAppender;
import io.github.mailback.SmtpAppenderProperties;
import io.github.mailback.oauth.ClientCredentialsTokenProvider;
import io.github.mailback.oauth.GoogleServiceAccountTokenProvider;
import io.github.mailback.oauth.MicrosoftTokenProvider;
import io.github.mailback.smtp.TlsMode;
import java.beans.Introspector;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The property table is complete: every setter of the appender (and of the OAuth 2.0 providers) has a
 * mailback.* property or is listed as XML only, every mailback.* property has a description and the
 * enumerated ones their hints in the generated metadata, and the README's table shows them all. A new
 * appender property that nobody mapped fails here.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AppenderMappingTest {

    @Test
    void everySetterOfTheAppenderIsMappedOrListedAsXmlOnly() {
        Set<String> mapped = new TreeSet<>();
        AppenderMapping.ENTRIES.forEach(e -> mapped.addAll(e.appenderProperties()));
        List<String> missing = new ArrayList<>();
        for (String property : appenderProperties()) {
            if (!mapped.contains(property) && !AppenderMapping.XML_ONLY.containsKey(property)) {
                missing.add(property);
            }
        }
        assertEquals(List.of(), missing, "appender properties with no mailback.* form and not listed in XML_ONLY");
    }

    @Test
    void everyMappedOrListedPropertyIsAnAppenderProperty() {
        Set<String> properties = appenderProperties();
        List<String> unknown = new ArrayList<>();
        AppenderMapping.ENTRIES.forEach(e -> e.appenderProperties().stream().filter(p -> !properties.contains(p)).forEach(unknown::add));
        AppenderMapping.XML_ONLY.keySet().stream().filter(p -> !properties.contains(p)).forEach(unknown::add);
        assertEquals(List.of(), unknown);
    }

    @Test
    void everySetterOfTheTokenProvidersHasAnOauth2Field() {
        Set<String> mapped = AppenderMapping.OAUTH2_FIELDS.stream().map(AppenderMapping.Oauth2Field::providerProperty)
                .collect(Collectors.toSet());
        Set<String> fields = AppenderMapping.OAUTH2_FIELDS.stream().map(AppenderMapping.Oauth2Field::field)
                .collect(Collectors.toSet());
        List<String> missing = new ArrayList<>();
        for (Class<?> provider : List.of(MicrosoftTokenProvider.class, ClientCredentialsTokenProvider.class,
                GoogleServiceAccountTokenProvider.class)) {
            for (Method m : provider.getMethods()) {
                if (isSetter(m) && !mapped.contains(property(m))) {
                    missing.add(provider.getSimpleName() + "." + m.getName());
                }
            }
        }
        List<String> unknownFields = new ArrayList<>();
        for (Oauth2Provider p : Oauth2Provider.values()) {
            p.fields.stream().filter(f -> !fields.contains(f)).forEach(f -> unknownFields.add(p + ": " + f));
        }
        assertAll(() -> assertEquals(List.of(), missing, "token provider setters with no mailback.oauth2.* field"),
                () -> assertEquals(List.of(), unknownFields));
    }

    @Test
    void everyPropertyHasGeneratedMetadataWithADescription() throws IOException {
        JsonNode metadata = metadata();
        Set<String> described = new TreeSet<>();
        List<String> withoutDescription = new ArrayList<>();
        for (JsonNode p : metadata.get("properties")) {
            String name = p.get("name").asText();
            if (!name.startsWith("mailback.")) {
                continue;
            }
            described.add(name);
            if (!p.hasNonNull("description") || p.get("description").asText().isBlank()) {
                withoutDescription.add(name);
            }
        }
        Set<String> mapped = mailbackProperties();
        List<String> notMapped = described.stream().filter(n -> !mapped.contains(n)).toList();
        List<String> noMetadata = mapped.stream().filter(n -> !described.contains(n)).toList();
        assertAll(() -> assertEquals(List.of(), withoutDescription, "properties without a description"),
                () -> assertEquals(List.of(), notMapped, "MailbackProperties fields that AppenderMapping does not apply"),
                () -> assertEquals(List.of(), noMetadata, "AppenderMapping properties without a MailbackProperties field"));
    }

    @Test
    void enumeratedPropertiesHaveHintsForEveryValue() throws IOException {
        JsonNode metadata = metadata();
        assertAll(
                () -> assertEquals(Arrays.stream(TlsMode.values()).map(v -> v.name().toLowerCase(Locale.ROOT)).toList(),
                        hintValues(metadata, "mailback.tls")),
                () -> assertEquals(Arrays.stream(Oauth2Provider.values()).map(Oauth2Provider::propertyValue).toList(),
                        hintValues(metadata, "mailback.oauth2.provider")),
                () -> assertEquals(List.of("auto", "off"), hintValues(metadata, "mailback.print-status")));
    }

    /** The starter's README has one row per mailback.* property naming the appender properties it sets. */
    @Test
    void theReadmeTableShowsEveryPropertyAndEveryXmlOnlyOne() throws IOException {
        List<String> rows = Files.readAllLines(Path.of(System.getProperty("starter.readme", "../README.md"))).stream()
                .filter(l -> l.startsWith("| `")).toList();
        List<String> missing = new ArrayList<>();
        for (AppenderMapping.Entry e : AppenderMapping.ENTRIES) {
            String name = "`mailback." + e.property() + "`";
            if (rows.stream().noneMatch(r -> r.startsWith("| " + name) && e.appenderProperties().stream().allMatch(a -> r.contains("`" + a + "`")))) {
                missing.add(name + " with " + e.appenderProperties());
            }
        }
        for (AppenderMapping.Oauth2Field f : AppenderMapping.OAUTH2_FIELDS) {
            String name = "`mailback.oauth2." + f.field() + "`";
            if (rows.stream().noneMatch(r -> r.startsWith("| " + name) && r.contains("`" + f.providerProperty() + "`"))) {
                missing.add(name + " with " + f.providerProperty());
            }
        }
        for (String xmlOnly : AppenderMapping.XML_ONLY.keySet()) {
            if (rows.stream().noneMatch(r -> r.startsWith("| `" + xmlOnly + "`") && r.contains("XML only"))) {
                missing.add(xmlOnly + " (XML only)");
            }
        }
        if (rows.stream().noneMatch(r -> r.startsWith("| `mailback.enabled`"))) {
            missing.add("mailback.enabled");
        }
        assertEquals(List.of(), missing, "rows missing from the README's property tables");
    }

    @Test
    void secretsAreThePasswordAndTheClientSecret() {
        assertAll(() -> assertTrue(AppenderMapping.isSecret("password")),
                () -> assertTrue(AppenderMapping.isSecret("oauth2.client-secret")),
                () -> assertFalse(AppenderMapping.isSecret("username")),
                // They say where secrets are, not what they are: shown, so that one can check them.
                () -> assertFalse(AppenderMapping.isSecret("redact-keys")),
                () -> assertFalse(AppenderMapping.isSecret("redact-pattern")),
                () -> assertFalse(AppenderMapping.isSecret("oauth2.client-authentication")));
    }

    /** mailback.* properties as the table names them: the entries, the OAuth 2.0 fields, and enabled. */
    static Set<String> mailbackProperties() {
        Set<String> names = new TreeSet<>();
        names.add("mailback.enabled");
        AppenderMapping.ENTRIES.forEach(e -> names.add("mailback." + e.property()));
        AppenderMapping.OAUTH2_FIELDS.forEach(f -> names.add("mailback.oauth2." + f.field()));
        return names;
    }

    /** Each property of the appender, as logback.xml names it: the public setters and adders it declares. */
    private static Set<String> appenderProperties() {
        return Stream.of(SmtpAppenderProperties.class, SmtpAppender.class)
                .flatMap(c -> Arrays.stream(c.getDeclaredMethods()))
                .filter(AppenderMappingTest::isSetter)
                .map(AppenderMappingTest::property)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static boolean isSetter(Method m) {
        return Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 1
                && (m.getName().startsWith("set") || m.getName().startsWith("add")) && m.getName().length() > 3
                && m.getDeclaringClass().getName().startsWith("io.github.mailback") && !overridesLogback(m);
    }

    /** addStatus(Status) and the like: Logback's own methods, overridden, are no properties of the appender. */
    private static boolean overridesLogback(Method m) {
        try {
            UnsynchronizedAppenderBase.class.getMethod(m.getName(), m.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** setSMTPHost: SMTPHost; setRateLimit: rateLimit; addTo: to (as Joran reads them). */
    private static String property(Method m) {
        return Introspector.decapitalize(m.getName().substring(3));
    }

    private static JsonNode metadata() throws IOException {
        try (InputStream in = AppenderMappingTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static List<String> hintValues(JsonNode metadata, String name) {
        for (JsonNode hint : metadata.get("hints")) {
            if (hint.get("name").asText().equals(name)) {
                List<String> values = new ArrayList<>();
                hint.get("values").forEach(v -> values.add(v.get("value").asText()));
                return values;
            }
        }
        return List.of();
    }
}
