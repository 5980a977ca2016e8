package dev.learnkafka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The study's child JVMs: the project's options, then the point's, then those a test adds, then the class. */
class ChildJvmTest {

    @Test
    void shouldAddTheOptionsOfThePropertyAfterThePointsAndBeforeTheClass() {
        String before = System.getProperty(ChildJvm.OPTIONS_PROPERTY);
        try {
            System.clearProperty(ChildJvm.OPTIONS_PROPERTY);
            List<String> plain = ChildJvm.command(List.of("-Xmx64m"), "some.Main", List.of("arg"));
            assertThat(plain).doesNotContain("-XX:TieredStopAtLevel=1").endsWith("some.Main", "arg");

            System.setProperty(ChildJvm.OPTIONS_PROPERTY, " -XX:TieredStopAtLevel=1  -Dx=y ");
            List<String> more = ChildJvm.command(List.of("-Xmx64m"), "some.Main", List.of("arg"));
            assertThat(more.subList(more.indexOf("-Xmx64m"), more.indexOf("-cp")))
                    .containsExactly("-Xmx64m", "-XX:TieredStopAtLevel=1", "-Dx=y");
            assertThat(more).endsWith("some.Main", "arg");
        } finally {
            if (before == null) {
                System.clearProperty(ChildJvm.OPTIONS_PROPERTY);
            } else {
                System.setProperty(ChildJvm.OPTIONS_PROPERTY, before);
            }
        }
    }
}
