package dev.learnkafka.producer.highlevel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The pages a reader meets first stay short: the README (what this is, the commands, the stages, where to go
 * next), the primer (docs/00-primer.md), which the README and stage 01 link to, and each stage page no longer
 * than the blog it ports (1,643 words, code and output included): the detail is on its under-the-hood page.
 */
class FirstPagesTest {
    private static final Path ROOT = Path.of(System.getProperty("project.root", ".."));
    private static final Path PRIMER = ROOT.resolve("docs/00-primer.md");

    @Test
    void shouldStayWithinThePrimersBudget() throws IOException {
        String page = Files.readString(PRIMER);

        assertThat(page.lines().count()).as("lines of %s", PRIMER).isLessThanOrEqualTo(120);
        assertThat(page.split("\\s+").length).as("words of %s", PRIMER).isLessThanOrEqualTo(1_600);
    }

    @Test
    void shouldKeepEachStagePageNoLongerThanTheBlog() throws IOException {
        for (String name : List.of("01-high-level-producer.md", "02-polling-delivery-reports.md",
                "03-error-monitoring.md", "04-debug-logging.md", "05-flush.md")) {
            String page = Files.readString(ROOT.resolve("docs").resolve(name));

            assertThat(page.lines().count()).as("lines of %s (detail: its under-the-hood page)", name)
                    .isLessThanOrEqualTo(150);
            assertThat(page.split("\\s+").length).as("words of %s, code and output included", name)
                    .isLessThanOrEqualTo(1_600);
            assertThat(outputLines(page)).as("output lines of %s over 160 characters", name)
                    .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(160));
        }
    }

    @Test
    void shouldKeepEveryOtherTutorialPageAboutTwoThousandWords() throws IOException {
        // under the hood, the faults, the reference pages: a page a reader can finish (about 2,000 words, 10% slack)
        try (var pages = Files.list(ROOT.resolve("docs"))) {
            List<Path> tutorial = pages.filter(p -> p.getFileName().toString().matches("0\\d-.*\\.md")).toList();
            assertThat(tutorial).hasSizeGreaterThan(10);
            for (Path page : tutorial) {
                assertThat(Files.readString(page).split("\\s+").length).as("words of %s", page.getFileName())
                        .isLessThanOrEqualTo(2_200);
            }
        }
    }

    @Test
    void shouldKeepTheReadmeWithinItsBudget() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));

        assertThat(readme.lines().count()).as("lines of README.md (the rest belongs in docs/)")
                .isLessThanOrEqualTo(150);
    }

    @Test
    void shouldLinkThePrimerFromTheReadmeAndStage01() throws IOException {
        assertThat(Files.readString(ROOT.resolve("README.md"))).contains("](docs/00-primer.md)");
        assertThat(Files.readString(ROOT.resolve("docs/01-high-level-producer.md"))).contains("](00-primer.md)");
    }

    /** The lines inside the page's ```text blocks: captured output. */
    private static List<String> outputLines(String page) {
        List<String> lines = new java.util.ArrayList<>();
        boolean inText = false;
        for (String line : page.lines().toList()) {
            if (line.startsWith("```")) {
                inText = !inText && line.equals("```text");
            } else if (inText) {
                lines.add(line);
            }
        }
        return lines;
    }
}
