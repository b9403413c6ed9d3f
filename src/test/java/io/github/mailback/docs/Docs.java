package io.github.mailback.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The project's Markdown documents as the documentation tests read them: their fenced code blocks and
 * the anchors their headings make. The tests run from the repository's root, as Maven runs them.
 */
public final class Docs {
    /** A fenced block: its document, the line of its opening fence, its language, and its text. */
    public record Block(Path file, int line, String language, String text) {
        /** Where it is, for messages: {@code docs/providers.md:42}. */
        public String where() {
            return file + ":" + line;
        }
    }

    private static final Pattern FENCE = Pattern.compile("^(\\s*)```(\\S*)\\s*$");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern INLINE_LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\([^)]*\\)");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");

    private Docs() {
    }

    /** The user documentation: README.md and every page of docs/, in a stable order. */
    public static List<Path> userDocs() {
        List<Path> files = new ArrayList<>();
        files.add(Path.of("README.md"));
        try (Stream<Path> pages = Files.list(Path.of("docs"))) {
            pages.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    public static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fenced code blocks of a document, in order. */
    public static List<Block> blocks(Path file) {
        List<Block> blocks = new ArrayList<>();
        List<String> lines = lines(file);
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            StringBuilder text = new StringBuilder();
            int j = i + 1;
            while (j < lines.size() && !lines.get(j).strip().equals("```")) {
                text.append(lines.get(j)).append('\n');
                j++;
            }
            blocks.add(new Block(file, i + 1, open.group(2), text.toString()));
            i = j;
        }
        return blocks;
    }

    /** The lines of a document outside its fenced code blocks; the others are empty, so numbers hold. */
    public static List<String> prose(Path file) {
        List<String> out = new ArrayList<>();
        boolean inside = false;
        for (String line : lines(file)) {
            boolean fence = FENCE.matcher(line).matches();
            out.add(inside || fence ? "" : line);
            if (fence) {
                inside = !inside;
            }
        }
        return out;
    }

    /**
     * The anchors a document offers, as GitHub makes them from its headings (lower case, punctuation
     * but hyphens and underscores dropped, spaces as hyphens, {@code -1}, {@code -2}... for repeats),
     * and its explicit {@code <a name>} or {@code <a id>} anchors.
     */
    public static Set<String> anchors(Path file) {
        Set<String> anchors = new LinkedHashSet<>();
        for (String line : prose(file)) {
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                String slug = slug(h.group(2));
                String unique = slug;
                for (int n = 1; anchors.contains(unique); n++) {
                    unique = slug + "-" + n;
                }
                anchors.add(unique);
            }
            Matcher a = HTML_ANCHOR.matcher(line);
            while (a.find()) {
                anchors.add(a.group(1));
            }
        }
        return anchors;
    }

    /** A heading's anchor, as GitHub makes it. */
    public static String slug(String heading) {
        String text = INLINE_LINK.matcher(heading).replaceAll("$1").toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        });
        return slug.toString();
    }
}
