package dev.learnkafka.producer.flush;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import dev.learnkafka.producer.polling.PollingProducer;
import dev.learnkafka.testing.LessonCopy;
import org.junit.jupiter.api.Test;

/**
 * The lesson a reader copies out of FlushDemo
 * (the blocks the page shows, with the logger and constants they use) compiles on its own: against the JDK,
 * kafka-clients, slf4j-api and the stages' lesson classes, with no class of the run contract or of local-kafka
 * on the class path. Nothing in it needs replacing: where the brokers, the
 * topic and your settings come from are the lesson method's parameters.
 */
class CopyTheLessonTest {
    private static final Path MAIN = Path.of("src/main/java/dev/learnkafka/producer/flush/"
            + "FlushDemo.java");

    @Test
    void shouldCompileTheLessonAloneWithoutTheRunContract() {
        LessonCopy copy = LessonCopy.of(MAIN, FlushPool.class, PollingProducer.class);

        assertThat(copy.source()).doesNotContain("dev.learnkafka.run");
        assertThat(copy.compile()).as(copy.source()).isEmpty();
        // the control: the same class path cannot compile the whole main class, which runs the lesson in the
        // run contract; so a lesson that used the contract would fail above
        assertThat(copy.compileWholeMain()).anyMatch(error -> error.contains("dev.learnkafka.run"));
        System.out.printf("FlushDemo: the lesson copy compiles, %d code lines%n", copy.codeLines());
    }
}
