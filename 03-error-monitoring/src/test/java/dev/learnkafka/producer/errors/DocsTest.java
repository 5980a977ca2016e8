package dev.learnkafka.producer.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import dev.learnkafka.testing.DocSnippets;
import org.junit.jupiter.api.Test;

/** The stage's pages show the code as it compiles and the output as a real run printed it. */
class DocsTest {
    private static final Path ROOT = Path.of(System.getProperty("project.root", ".."));

    @Test
    void shouldShowTheCompiledCodeAndTheCapturedOutput() {
        assertThat(DocSnippets.check(ROOT, ROOT.resolve("docs/03-error-monitoring.md"))).isEmpty();
        assertThat(DocSnippets.check(ROOT, ROOT.resolve("docs/03-error-monitoring-under-the-hood.md"))).isEmpty();
        assertThat(DocSnippets.check(ROOT, ROOT.resolve("docs/03-error-monitoring-faults.md"))).isEmpty();
        assertThat(DocSnippets.check(ROOT, ROOT.resolve("docs/03-error-kinds-and-the-monitor.md"))).isEmpty();
    }
}
