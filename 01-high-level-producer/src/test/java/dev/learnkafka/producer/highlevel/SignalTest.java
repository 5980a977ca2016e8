package dev.learnkafka.producer.highlevel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.learnkafka.run.ExitCode;
import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import dev.learnkafka.testing.StageProcess;
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
    private static final Pattern SUMMARY = Pattern.compile("Delivered (\\d+)(?:, failed (\\d+))?(?:, unknown (\\d+))?"
            + "(?:, not sent (\\d+))? of (\\d+) messages\\.");

    @ParameterizedTest
    @ValueSource(strings = {"TERM"})
    void shouldPrintOneSummaryAsTheLastLineCountingTheLinesBeforeIt(String signal, KafkaBroker broker)
            throws Exception {
        String topic = KafkaBroker.uniqueTopic("signal01");
        broker.createTopic(topic, 3);
        var stage = StageProcess.start(HighLevelProducer.class, Map.of("KAFKA_BOOTSTRAP_SERVERS",
                broker.bootstrapServers(), "KAFKA_TOPIC", topic), List.of(), "--messages", String.valueOf(MESSAGES));
        await("the first delivery line").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> stage.stdout().contains("Delivered value-"));

        stage.signal(signal);
        var run = stage.await(Duration.ofSeconds(90));

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(run.stderr()).startsWith("Interrupted: closing the producer").doesNotContain("\tat ");
        List<String> lines = run.stdout().lines().toList();
        assertThat(lines.stream().filter(l -> SUMMARY.matcher(l).find())).as("summary lines").hasSize(1);
        String last = lines.get(lines.size() - 1);
        Matcher summary = SUMMARY.matcher(last);
        assertThat(summary.find()).as("the last line: " + last).isTrue();
        long delivered = group(summary, 1);
        long notDelivered = group(summary, 2) + group(summary, 3);
        assertThat(delivered + notDelivered + group(summary, 4)).isEqualTo(MESSAGES);
        assertThat(lines.stream().filter(l -> l.contains("Delivered value-")).count()).isEqualTo(delivered);
        assertThat(lines.stream().filter(l -> l.contains("Could not deliver value-")).count())
                .isEqualTo(notDelivered);
        System.out.printf("SIG%s with %d messages: %s%n", signal, MESSAGES, summary.group());
    }

    private static long group(Matcher m, int group) {
        return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
    }
}
