package dev.learnkafka.producer.flush;

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
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C while stage 05 sends: the reports still queued are printed, then one summary as the last line, counting
 * exactly the report lines before it. Before, the summary counted the reports the producer had called back
 * (100,000) while a quarter of them had been printed, and the run ended without printing the rest.
 */
@KafkaTest
class InterruptTest {
    private static final int MESSAGES = 300_000;

    @Test
    void shouldPrintEveryReportThenOneSummaryAsTheLastLineOnCtrlC(KafkaBroker broker) throws Exception {
        String topic = KafkaBroker.uniqueTopic("ctrlc05");
        broker.createTopic(topic, 3);
        var stage = StageProcess.start(FlushDemo.class,
                Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(), "KAFKA_TOPIC", topic), List.of(),
                "--messages", String.valueOf(MESSAGES));
        await("reports are dispatched").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> stage.stdout().contains("Delivered value-"));

        stage.signal("INT");
        var run = stage.await(Duration.ofSeconds(60));

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(run.stderr()).startsWith("Interrupted: closing the producer").doesNotContain("\tat ");
        List<String> lines = run.stdout().lines().toList();
        Summary summary = Summary.lastLineOf(run.stdout()); // one summary, the last line
        assertThat(summary.total()).isEqualTo(MESSAGES);
        assertThat(lines.stream().filter(l -> l.contains("Delivered value-")).count()).isEqualTo(summary.delivered());
        assertThat(lines.stream().filter(l -> l.contains("Could not deliver value-")).count())
                .isEqualTo(summary.failed() + summary.unknown());
        System.out.printf("Ctrl-C in stage 05 with %d messages: %s%n", MESSAGES, summary.line());
    }

}
