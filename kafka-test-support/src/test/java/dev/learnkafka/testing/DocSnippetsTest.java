package dev.learnkafka.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocSnippetsTest {

    @TempDir
    Path root;

    @Test
    void shouldReplaceAMarkedBlockWithTheTaggedLinesUnindented() throws Exception {
        Files.writeString(root.resolve("A.java"), """
                class A {
                    void m() {
                        // tag::body[]
                        int x = 1;
                        // end::body[]
                    }
                }
                """);
        Path page = root.resolve("page.md");
        Files.writeString(page, """
                Text
                <!-- snippet: A.java#body -->
                ```java
                stale
                ```
                more
                """);

        assertThat(DocSnippets.render(root, Files.readString(page))).isEqualTo("""
                Text
                <!-- snippet: A.java#body -->
                ```java
                int x = 1;
                ```
                more
                """);
        assertThat(DocSnippets.check(root, page)).singleElement().asString().contains("stale");
    }

    @Test
    void shouldFillOutputBlocksFromCapturedFiles() throws Exception {
        Files.writeString(root.resolve("run.txt"), "line 1\nline 2\n");
        Path page = root.resolve("page.md");
        Files.writeString(page, "<!-- output: run.txt -->\n```text\nline 1\nline 2\n```\n");

        assertThat(DocSnippets.check(root, page)).isEmpty();
    }

    @Test
    void shouldShowTheChosenLinesOfAnOutputWithDotsWhereLinesAreLeftOut() throws Exception {
        Files.writeString(root.resolve("run.txt"), "one\ntwo\nthree\nfour\nfive\nsix\n");

        assertThat(DocSnippets.output(root, "run.txt#1-2,-1")).containsExactly("one", "two", "...", "six");
        assertThat(DocSnippets.output(root, "run.txt#3")).containsExactly("...", "three", "...");
        assertThatThrownBy(() -> DocSnippets.output(root, "run.txt#1-7")).hasMessageContaining("No line 7");
        assertThatThrownBy(() -> DocSnippets.output(root, "run.txt#3,1")).hasMessageContaining("out of order");
    }

    @Test
    void shouldCutAnOutputLineWiderThan160CharactersWithAnEllipsis() throws Exception {
        String wide = "x".repeat(200);
        Files.writeString(root.resolve("run.txt"), "short\n" + wide + "\n");

        assertThat(DocSnippets.output(root, "run.txt")).containsExactly("short", "x".repeat(159) + "\u2026");
    }

    @Test
    void shouldFailForAMissingTag() throws Exception {
        Files.writeString(root.resolve("A.java"), "class A {}\n");
        assertThatThrownBy(() -> DocSnippets.render(root, "<!-- snippet: A.java#nope -->\n```java\n```\n"))
                .hasMessageContaining("tag::nope[]");
    }
}
