package dev.learnkafka.producer.highlevel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.learnkafka.run.ExitCode;
import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import dev.learnkafka.testing.StageProcess;
import dev.learnkafka.testing.Summary;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIGTERM in the middle of a run (stage 01 --messages 200000): one summary, as the last line, counting exactly the
 * delivery lines printed before it, and exit 130 (as --help says). Before, the summary came twice: from the
 * Ctrl-C thread and from main.
 */
@KafkaTest
class SignalTest {
    private static final int MESSAGES = 200_000;

    @ParameterizedTest
    @ValueSource(strings = {"TERM"})
    void shouldPrintOneSummaryAsTheLastLineCountingTheLinesBeforeIt(String signal, KafkaBroker broker)
            throws Exception {
        String topic = KafkaBroker.uniqueTopic("signal01");
        broker.createTopic(topic, 3);
        var stage = StageProcess.start(HighLevelProducerDemo.class, Map.of("KAFKA_BOOTSTRAP_SERVERS",
                broker.bootstrapServers(), "KAFKA_TOPIC", topic), List.of(), "--messages", String.valueOf(MESSAGES));
        await("the first delivery line").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> stage.stdout().contains("Delivered value-"));

        stage.signal(signal);
        var run = stage.await(Duration.ofSeconds(90));

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(run.stderr()).startsWith("Interrupted: closing the producer").doesNotContain("\tat ");
        List<String> lines = run.stdout().lines().toList();
        Summary summary = Summary.lastLineOf(run.stdout()); // one summary, the last line
        assertThat(summary.total()).isEqualTo(MESSAGES);
        assertThat(lines.stream().filter(l -> l.contains("Delivered value-")).count()).isEqualTo(summary.delivered());
        assertThat(lines.stream().filter(l -> l.contains("Could not deliver value-")).count())
                .isEqualTo(summary.failed() + summary.unknown());
        System.out.printf("SIG%s with %d messages: %s%n", signal, MESSAGES, summary.line());
    }

}
