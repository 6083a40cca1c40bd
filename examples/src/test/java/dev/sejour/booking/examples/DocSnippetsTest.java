package dev.sejour.booking.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} block of README.md and docs/*.md is a tagged region of compiled test code, as Jdbi
 * does it: the line before the block names the source, {@code <!-- snippet: path/to/Test.java#tag -->},
 * and that file holds the same lines between {@code // tag::tag[]} and {@code // end::tag[]}. Indentation
 * is compared relative to the block; a region line ending in {@code // (not in the docs)} is left out (a
 * test's own plumbing, such as the simulator's address). A block that cannot compile here (it needs a
 * framework this build does not have) says why: {@code <!-- snippet: not compiled: needs Spring Boot -->}.
 */
class DocSnippetsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern MARKER = Pattern.compile("<!-- snippet: (.+?) -->\\s*$");
    private static final String NOT_IN_DOCS = "// (not in the docs)";

    @Test
    void everyJavaBlockOfTheDocsIsATaggedRegionOfCompiledTestCode() throws IOException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path doc : docs()) {
            String text = Files.readString(doc, StandardCharsets.UTF_8);
            Matcher block = BLOCK.matcher(text);
            while (block.find()) {
                String where = ROOT.relativize(doc) + ":" + (text.substring(0, block.start()).split("\n", -1).length);
                String before = text.substring(0, block.start()).stripTrailing();
                String previousLine = before.substring(before.lastIndexOf('\n') + 1);
                Matcher marker = MARKER.matcher(previousLine);
                if (!marker.find()) {
                    problems.add(where + ": no <!-- snippet: file#tag --> line before the block");
                    continue;
                }
                String source = marker.group(1);
                if (source.startsWith("not compiled: ")) {
                    continue;
                }
                int hash = source.indexOf('#');
                if (hash < 0) {
                    problems.add(where + ": snippet source '" + source + "' has no #tag");
                    continue;
                }
                Path file = ROOT.resolve(source.substring(0, hash));
                String tag = source.substring(hash + 1);
                if (!file.toString().contains("/src/test/java/") || !Files.isRegularFile(file)) {
                    problems.add(where + ": " + source + " is not a test source file of this build");
                    continue;
                }
                List<String> region = region(file, tag);
                if (region == null) {
                    problems.add(where + ": no // tag::" + tag + "[] … // end::" + tag + "[] in " + source);
                    continue;
                }
                List<String> shown = normalize(List.of(block.group(1).split("\n", -1)));
                if (!shown.equals(region)) {
                    problems.add(where + ": differs from " + source + "\n--- docs:\n" + String.join("\n", shown)
                            + "\n--- code:\n" + String.join("\n", region));
                }
                checked++;
            }
        }
        assertThat(problems).as("java blocks of the docs that do not match compiled code").isEmpty();
        assertThat(checked).as("java blocks checked").isPositive();
    }

    private static List<Path> docs() throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(ROOT.resolve("README.md"));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    /**
     * The lines of every region with this tag, in order, each region dedented on its own (a tag may open and
     * close several times, at different depths), or null when the tag is not there.
     */
    private static List<String> region(Path file, String tag) throws IOException {
        List<String> region = new ArrayList<>();
        List<String> chunk = null;
        boolean found = false;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.contains("// end::" + tag + "[]")) {
                if (chunk != null) {
                    region.addAll(normalize(chunk));
                }
                chunk = null;
            } else if (line.contains("// tag::" + tag + "[]")) {
                chunk = new ArrayList<>();
                found = true;
            } else if (chunk != null && !line.contains("// tag::") && !line.contains("// end::")
                    && !line.contains(NOT_IN_DOCS)) {
                chunk.add(line);
            }
        }
        return found ? normalize(region) : null;
    }

    /** Trailing spaces off, blank lines at both ends off, the common indentation off. */
    private static List<String> normalize(List<String> lines) {
        List<String> out = new ArrayList<>(lines.stream().map(String::stripTrailing).toList());
        while (!out.isEmpty() && out.get(0).isEmpty()) {
            out.remove(0);
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        int indent = out.stream().filter(l -> !l.isEmpty())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return out.stream().map(l -> l.isEmpty() ? l : l.substring(indent)).toList();
    }
}
