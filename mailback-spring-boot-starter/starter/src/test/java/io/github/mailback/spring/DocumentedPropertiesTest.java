package io.github.mailback.spring;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ch.qos.logback.classic.LoggerContext;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * Every application.properties example of the docs binds: each mailback.* key is one of the starter's
 * and takes its value, and an example that configures a server makes an appender that passes its check.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DocumentedPropertiesTest {
    private static final List<Path> PAGES = List.of(Path.of("../../docs/spring-boot.md"), Path.of("../README.md"));

    @TestFactory
    Stream<DynamicTest> everyExampleBinds() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path page : PAGES) {
            List<Map<String, String>> blocks = blocks(page);
            assertFalse(blocks.isEmpty(), page + " has no properties example");
            for (int i = 0; i < blocks.size(); i++) {
                Map<String, String> block = blocks.get(i);
                tests.add(DynamicTest.dynamicTest(page.getFileName() + " example " + (i + 1), () -> check(block)));
            }
        }
        return tests.stream();
    }

    private static void check(Map<String, String> block) {
        Binder binder = new Binder(new MapConfigurationPropertySource(block));
        // A key of no property (a typo, a name of the XML form) fails here; Spring would ignore it.
        assertDoesNotThrow(() -> binder.bind("mailback", Bindable.of(MailbackProperties.class),
                new NoUnboundElementsBindHandler(BindHandler.DEFAULT)), () -> "binding " + block);
        boolean configuresServer = block.keySet().stream()
                .anyMatch(k -> k.startsWith("mailback.") || k.startsWith("spring.mail."));
        if (configuresServer && block.keySet().stream().noneMatch(k -> k.startsWith("spring.ssl."))) {
            // Most examples are fragments of a configuration: they add to a recipient and a server.
            Map<String, String> whole = new LinkedHashMap<>(block);
            whole.putIfAbsent("mailback.to", "oncall@example.com");
            if (!whole.containsKey("spring.mail.host")) {
                whole.putIfAbsent("mailback.smtp-host", "smtp.example.com");
            }
            Binder full = new Binder(new MapConfigurationPropertySource(whole));
            assertDoesNotThrow(() -> new AppenderFactory(full, new DefaultResourceLoader(), name -> null)
                    .create(ResolvedProperties.resolve(full, null), new LoggerContext()), () -> "creating from " + block);
        }
    }

    /** The page's ```properties blocks, ${NAME} placeholders given a value as the environment would. */
    private static List<Map<String, String>> blocks(Path page) throws IOException {
        List<Map<String, String>> blocks = new ArrayList<>();
        StringBuilder text = null;
        for (String line : Files.readAllLines(page)) {
            String trimmed = line.strip();
            if (text == null && trimmed.equals("```properties")) {
                text = new StringBuilder();
            } else if (text != null && trimmed.equals("```")) {
                Properties p = new Properties();
                p.load(new StringReader(text.toString()));
                Map<String, String> block = new LinkedHashMap<>();
                p.stringPropertyNames().forEach(k -> block.put(k, p.getProperty(k).replaceAll("\\$\\{([^}]*)}", "value-of-$1")));
                blocks.add(block);
                text = null;
            } else if (text != null) {
                text.append(line).append('\n');
            }
        }
        return blocks;
    }
}
