package io.github.mailback.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The rule table of docs/redaction.md (section Rules) lists every rule, in {@link Rule} order, with its description. */
@Timeout(10)
class RuleTableTest {
    @Test
    void theDocsTableIsTheRuleTable() throws IOException {
        List<String> documented = new ArrayList<>();
        String section = "";
        for (String line : Files.readAllLines(Path.of("docs", "redaction.md"), StandardCharsets.UTF_8)) {
            if (line.startsWith("## ")) {
                section = line;
            } else if (section.equals("## Rules") && line.startsWith("| `")) {
                String[] cells = line.split("\\|");
                documented.add(cells[1].trim() + " " + cells[2].trim());
            }
        }
        List<String> rules = new ArrayList<>();
        for (Rule rule : Rule.values()) {
            rules.add("`" + rule.id() + "` " + rule.description());
        }
        assertEquals(String.join("\n", rules), String.join("\n", documented));
    }
}
