package dev.learnkafka.producer.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import dev.learnkafka.testing.DocSnippets;
import org.junit.jupiter.api.Test;

class DebugLoggingDocsTest {

    @Test
    void shouldShowTheCodeAndOutputOfThisStageAsTheyAre() {
        Path root = Path.of(System.getProperty("project.root"));
        assertThat(DocSnippets.check(root, root.resolve("docs/04-debug-logging.md"))).isEmpty();
    }
}
