package dev.learnkafka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import dev.learnkafka.testing.DocSnippets;
import org.junit.jupiter.api.Test;

/** The benchmarks page shows the code as it compiles and the figures as the committed run wrote them. */
class DocsTest {
    private static final Path ROOT = Path.of(System.getProperty("project.root", ".."));

    @Test
    void shouldShowTheCompiledCodeAndTheCommittedRunsFigures() {
        assertThat(DocSnippets.check(ROOT, ROOT.resolve("docs/benchmarks.md"))).isEmpty();
    }
}
