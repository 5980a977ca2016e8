package dev.learnkafka.producer.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import dev.learnkafka.testing.DocSnippets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DebugLoggingDocsTest {

    @ParameterizedTest
    @ValueSource(strings = {"docs/04-debug-logging.md", "docs/04-debug-logging-under-the-hood.md",
            "docs/04-debug-contexts.md"})
    void shouldShowTheCodeAndOutputOfThisStageAsTheyAre(String page) {
        Path root = Path.of(System.getProperty("project.root"));
        assertThat(DocSnippets.check(root, root.resolve(page))).isEmpty();
    }
}
