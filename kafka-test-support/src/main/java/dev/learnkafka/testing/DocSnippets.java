package dev.learnkafka.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the code and the output shown in {@code docs/} equal to compiled sources and captured runs.
 *
 * <p>In a page, a fenced block right after a marker comment is owned by that marker:
 * <pre>
 * &lt;!-- snippet: 01-high-level-producer/src/main/java/.../ValueSender.java#send --&gt;
 * ```java
 * ...the lines between "// tag::send[]" and "// end::send[]" in that file...
 * ```
 * &lt;!-- output: docs/captured/01-high-level-producer.txt --&gt;
 * ```text
 * ...that file, written by a real run of the command the page shows (stage 03: exec:java@capture03)...
 * ```
 * </pre>
 * A source without {@code #tag} is shown whole; an output may show some lines only ({@link #output}).
 * {@link #check(Path, Path)} lists the blocks that differ (a test fails on them); {@link #main(String[])} rewrites
 * the blocks from their sources.
 */
public final class DocSnippets {
    /** The widest line of output a page shows. */
    static final int WIDTH = 160;
    private static final Pattern MARKER = Pattern.compile("<!--\\s*(snippet|output):\\s*(\\S+?)\\s*-->");

    private DocSnippets() {
    }

    /** Rewrites every marked block of the given pages (default: every page in docs/ and README.md). */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(System.getProperty("project.root", ".")).toAbsolutePath().normalize();
        for (Path page : pages(root, args)) {
            String text = Files.readString(page);
            String updated = render(root, text);
            if (!updated.equals(text)) {
                Files.writeString(page, updated);
                System.out.println("updated " + root.relativize(page));
            }
        }
    }

    /** The marked blocks of a page that do not match their source, described one per line; empty when in sync. */
    public static List<String> check(Path root, Path page) {
        try {
            String text = Files.readString(page);
            List<String> problems = new ArrayList<>();
            String rendered = render(root, text);
            if (!rendered.equals(text)) {
                List<String> expected = rendered.lines().toList();
                List<String> actual = text.lines().toList();
                for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
                    String e = i < expected.size() ? expected.get(i) : "<end>";
                    String a = i < actual.size() ? actual.get(i) : "<end>";
                    if (!e.equals(a)) {
                        problems.add(page.getFileName() + ":" + (i + 1) + " shows '" + a + "' but its source has '"
                                + e + "' (run DocSnippets to update)");
                        break;
                    }
                }
            }
            return problems;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page with every marked block replaced by its source. */
    static String render(Path root, String page) throws IOException {
        List<String> lines = new ArrayList<>(page.lines().toList());
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            out.add(line);
            Matcher m = MARKER.matcher(line);
            if (!m.find() || i + 1 >= lines.size() || !lines.get(i + 1).startsWith("```")) {
                continue;
            }
            String fence = lines.get(i + 1);
            int close = i + 2;
            while (close < lines.size() && !lines.get(close).equals("```")) {
                close++;
            }
            if (close >= lines.size()) {
                throw new IllegalStateException("Unclosed code block after: " + line);
            }
            out.add(fence);
            out.addAll(m.group(1).equals("snippet") ? snippet(root, m.group(2)) : output(root, m.group(2)));
            out.add("```");
            i = close;
        }
        return String.join("\n", out) + (page.endsWith("\n") ? "\n" : "");
    }

    /**
     * A captured output, whole, or the lines after {@code #}: ranges such as {@code 1-13,-1} (1-based; a negative
     * number counts from the end: {@code -1} is the last line). Where lines are left out, the block shows "...";
     * a line wider than {@link #WIDTH} is {@link #cut}.
     */
    static List<String> output(Path root, String reference) throws IOException {
        return chosenLines(root, reference).stream().map(DocSnippets::cut).toList();
    }

    /**
     * A captured line as a page shows it: at most {@link #WIDTH} characters, the rest cut and marked with an
     * ellipsis (the captured file keeps the whole line).
     */
    static String cut(String line) {
        return line.length() <= WIDTH ? line : line.substring(0, WIDTH - 1) + "\u2026";
    }

    private static List<String> chosenLines(Path root, String reference) throws IOException {
        int hash = reference.indexOf('#');
        List<String> all = Files.readAllLines(root.resolve(hash < 0 ? reference : reference.substring(0, hash)));
        if (hash < 0) {
            return all;
        }
        List<String> shown = new ArrayList<>();
        int last = 0;
        for (String range : reference.substring(hash + 1).split(",")) {
            String[] ends = range.split("(?<=\\d)-", 2);
            int from = lineNumber(all, ends[0], reference);
            int to = ends.length > 1 ? lineNumber(all, ends[1], reference) : from;
            if (from <= last || to < from) {
                throw new IllegalStateException("Line ranges out of order in " + reference);
            }
            if (from > last + 1) {
                shown.add("...");
            }
            shown.addAll(all.subList(from - 1, to));
            last = to;
        }
        if (last < all.size()) {
            shown.add("...");
        }
        return shown;
    }

    private static int lineNumber(List<String> lines, String number, String reference) {
        int n = Integer.parseInt(number.trim());
        int line = n < 0 ? lines.size() + 1 + n : n;
        if (line < 1 || line > lines.size()) {
            throw new IllegalStateException("No line " + number + " in " + reference + " (" + lines.size()
                    + " lines)");
        }
        return line;
    }

    static List<String> snippet(Path root, String reference) throws IOException {
        int hash = reference.indexOf('#');
        Path file = root.resolve(hash < 0 ? reference : reference.substring(0, hash));
        List<String> source = Files.readAllLines(file);
        if (hash < 0) {
            return source;
        }
        String tag = reference.substring(hash + 1);
        List<String> region = new ArrayList<>();
        boolean inside = false;
        boolean found = false;
        for (String line : source) {
            if (line.trim().equals("// end::" + tag + "[]")) {
                inside = false;
            } else if (line.trim().equals("// tag::" + tag + "[]")) {
                inside = true;
                found = true;
            } else if (inside && !line.trim().matches("// (tag|end)::[\\w-]+\\[\\]")) {
                region.add(line);
            }
        }
        if (!found) {
            throw new IllegalStateException("No '// tag::" + tag + "[]' in " + file);
        }
        int indent = region.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return region.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList();
    }

    private static List<Path> pages(Path root, String[] args) throws IOException {
        List<Path> pages = new ArrayList<>();
        if (args.length > 0) {
            for (String a : args) {
                pages.add(root.resolve(a));
            }
            return pages;
        }
        pages.add(root.resolve("README.md"));
        try (var docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }
}
