package io.github.mailback.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every relative link of the documentation leads somewhere: the file or folder exists, and an anchor
 * (`page.md#section`, `#section`) is one the target's headings make. Offline: links with a scheme
 * (https, mailto) are not followed.
 */
@Timeout(30)
class DocLinksTest {
    /** An inline link or image: {@code [text](target)} or {@code [text](target "title")}. */
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");

    /** The documents whose links are checked: the user documentation, and the pages that link into it. */
    static List<Path> documents() {
        List<Path> files = new ArrayList<>(Docs.userDocs());
        files.add(Path.of("CONTRIBUTING.md"));
        files.add(Path.of("mailback-spring-boot-starter", "README.md"));
        files.add(Path.of("samples", "spring-boot", "README.md"));
        return files;
    }

    @Test
    void everyRelativeLinkAndAnchorLeadsSomewhere() {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path file : documents()) {
            List<String> lines = Docs.prose(file);
            for (int i = 0; i < lines.size(); i++) {
                // A link written inside a code span is an example, not a link.
                String line = linkTextsKept(lines.get(i));
                Matcher m = LINK.matcher(line);
                while (m.find()) {
                    String target = m.group(1);
                    if (SCHEME.matcher(target).find()) {
                        continue;
                    }
                    checked++;
                    String problem = problem(file, target);
                    if (problem != null) {
                        broken.add(file + ":" + (i + 1) + ": " + target + ": " + problem);
                    }
                }
            }
        }
        assertTrue(checked > 50, "too few links found, the parsing must be wrong: " + checked);
        assertEquals(List.of(), broken, "broken relative links or anchors");
    }

    /** What is wrong with a relative link from {@code file}, or null. */
    static String problem(Path file, String target) {
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = path.isEmpty() ? file : parent(file).resolve(path).normalize();
        if (!Files.exists(resolved)) {
            return "no such file";
        }
        if (anchor == null) {
            return null;
        }
        if (!resolved.toString().endsWith(".md")) {
            return "an anchor in a file that is not Markdown";
        }
        return Docs.anchors(resolved).contains(anchor) ? null : "no heading makes this anchor in " + resolved;
    }

    private static Path parent(Path file) {
        return file.getParent() == null ? Path.of("") : file.getParent();
    }

    /** The line with each code span removed unless it is the text of a link (`[`--x`](y)`). */
    private static String linkTextsKept(String line) {
        StringBuilder out = new StringBuilder();
        Matcher code = CODE_SPAN.matcher(line);
        int last = 0;
        while (code.find()) {
            boolean inLinkText = code.start() > 0 && line.charAt(code.start() - 1) == '['
                    || code.end() < line.length() && line.charAt(code.end()) == ']';
            out.append(line, last, code.start()).append(inLinkText ? code.group() : "");
            last = code.end();
        }
        return out.append(line.substring(last)).toString();
    }

    @Test
    void anchorsAreMadeAsGitHubMakesThem() {
        assertEquals("checking-a-logbackxml-before-production-needs-it",
                Docs.slug("Checking a logback.xml before production needs it"));
        assertEquals("oauth-20-providers", Docs.slug("OAuth 2.0 providers"));
        assertEquals("smtphost-failover", Docs.slug("smtpHost: failover"));
        assertEquals("under-asyncappender", Docs.slug("Under AsyncAppender"));
        assertEquals("a-spring-boot-logback-springxml", Docs.slug("A Spring Boot logback-spring.xml"));
        assertEquals("the-command-line", Docs.slug("The `command` line"));
    }
}
