package dev.learnkafka.producer.highlevel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import dev.learnkafka.testing.DocSnippets;
import org.junit.jupiter.api.Test;

/** The stage's page shows the code as it compiles and the output as a real run printed it. */
class DocsTest {
    private static final Path ROOT = Path.of(System.getProperty("project.root", ".."));

    @Test
    void shouldShowTheCompiledCodeAndTheCapturedOutput() {
        assertThat(DocSnippets.check(ROOT, ROOT.resolve("docs/01-high-level-producer.md"))).isEmpty();
        assertThat(DocSnippets.check(ROOT, ROOT.resolve("docs/01-high-level-producer-under-the-hood.md"))).isEmpty();
    }

    @Test
    void shouldShowTheReadmeCodeFromSources() {
        assertThat(DocSnippets.check(ROOT, ROOT.resolve("README.md"))).isEmpty();
    }
}
