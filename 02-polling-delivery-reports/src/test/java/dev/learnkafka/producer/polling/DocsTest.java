package dev.learnkafka.producer.polling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import dev.learnkafka.testing.DocSnippets;
import org.junit.jupiter.api.Test;

/**
 * The stage's page and its under-the-hood page show the code as it compiles and the output as a real run printed it.
 */
class DocsTest {
    private static final Path ROOT = Path.of(System.getProperty("project.root", ".."));

    @Test
    void shouldShowTheCompiledCodeAndTheCapturedOutput() {
        assertThat(DocSnippets.check(ROOT, ROOT.resolve("docs/02-polling-delivery-reports.md"))).isEmpty();
        assertThat(DocSnippets.check(ROOT, ROOT.resolve("docs/02-polling-delivery-reports-under-the-hood.md")))
                .isEmpty();
    }
}
