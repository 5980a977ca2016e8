package dev.learnkafka.producer.flush;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import dev.learnkafka.testing.DocSnippets;
import org.junit.jupiter.api.Test;

class DocsTest {
    @Test
    void shouldShowTheCodeAndOutputThatTheSourcesAndCapturedRunsHave() {
        Path root = Path.of(System.getProperty("project.root"));

        assertThat(DocSnippets.check(root, root.resolve("docs/05-flush.md"))).isEmpty();
        assertThat(DocSnippets.check(root, root.resolve("docs/05-flush-under-the-hood.md"))).isEmpty();
        assertThat(DocSnippets.check(root, root.resolve("docs/05-flush-pool.md"))).isEmpty();
    }
}
