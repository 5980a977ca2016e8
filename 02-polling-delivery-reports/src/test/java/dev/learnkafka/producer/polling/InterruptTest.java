package dev.learnkafka.producer.polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.learnkafka.run.ExitCode;
import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import dev.learnkafka.testing.StageProcess;
import dev.learnkafka.testing.Summary;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C in the middle of a run: the stage closes its producer in bounded time, prints the summary with what the
 * broker acknowledged, and exits 130. Before the run contract had a shutdown hook, a reader saw exit 130 and no
 * summary while the topic held 100,000 of the messages.
 */
@KafkaTest
class InterruptTest {
    private static final int MESSAGES = 300_000;

    @Test
    void shouldCloseReportWhatWasAcknowledgedAndExit130OnCtrlC(KafkaBroker broker) throws Exception {
        String topic = KafkaBroker.uniqueTopic("ctrlc");
        broker.createTopic(topic, 3);
        var stage = StageProcess.start(PollingDeliveryReportsDemo.class,
                Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(), "KAFKA_TOPIC", topic), List.of(),
                "--messages", String.valueOf(MESSAGES));
        await("the producer is ready and reports arrive").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> stage.stdout().contains("Delivery-report: {"));

        stage.signal("INT");
        long signalled = System.nanoTime();
        var run = stage.await(Duration.ofSeconds(60));

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.INTERRUPTED);
        // bounded: the contract waits at most 5 s for what is in flight
        assertThat(System.nanoTime() - signalled).isLessThan(TimeUnit.SECONDS.toNanos(30));
        assertThat(run.stderr()).startsWith("Interrupted: closing the producer").doesNotContain("\tat ");
        // one summary, the last line, counting exactly the report lines printed before it (before, report lines
        // went on after the summary, and the output was cut mid-stream)
        Summary summary = Summary.lastLineOf(run.stdout());
        long delivered = summary.delivered();
        long unknown = summary.unknown();
        assertThat(summary.total()).isEqualTo(MESSAGES);
        assertThat(delivered).isPositive();
        List<String> lines = run.stdout().lines().toList();
        assertThat(lines.stream().filter(l -> l.contains("Delivery-report: {")).count()).isEqualTo(delivered);
        assertThat(lines.stream().filter(l -> l.contains("Error delivering message")).count())
                .isEqualTo(summary.failed() + unknown);

        // what the summary calls delivered is in the topic; anything more is among the unknown
        long inTopic = count(broker, topic);
        assertThat(inTopic).isGreaterThanOrEqualTo(delivered).isLessThanOrEqualTo(delivered + unknown);
        System.out.printf("Ctrl-C with %d messages: %s; %d records in the topic%n", MESSAGES, summary.line(),
                inTopic);
    }

    private static long count(KafkaBroker broker, String topic) throws Exception {
        try (Admin admin = broker.admin()) {
            var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions();
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            partitions.forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(i -> i.offset()).sum();
        }
    }

}
