package dev.learnkafka.producer.highlevel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.learnkafka.run.ExitCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.learnkafka.broker.Ports;
import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import dev.learnkafka.testing.StageProcess;
import org.junit.jupiter.api.Test;

/** Runs the stage's main in its own JVM, as a reader does, and checks what it prints and its exit code. */
@KafkaTest
class HighLevelProducerRunTest {
    private static final Duration LIMIT = Duration.ofSeconds(90);

    @Test
    void shouldPrintVersionReadinessMetadataAndFiveOffsetsThenExitZero(KafkaBroker broker) throws Exception {
        String topic = KafkaBroker.uniqueTopic("run01");
        broker.createTopic(topic, 3);

        var run = StageProcess.run(HighLevelProducer.class,
                Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(), "KAFKA_TOPIC", topic), List.of(), LIMIT);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stdout())
                .containsPattern("Kafka client version \\d+\\.\\d+\\.\\d+")
                .contains("Supported features gzip,snappy,lz4,zstd")
                .contains("Producer ready: metadata for " + topic)
                .contains("Topic " + topic + " partition 0: leader", "partition 1: leader", "partition 2: leader")
                .contains("Delivered 5 of 5 messages.")
                .doesNotContain("started an embedded");
        for (int i = 1; i <= 5; i++) {
            assertThat(run.stdout()).containsPattern("\\[kafka-producer-network-thread \\| demo-producer\\] INFO "
                    + "HighLevelProducer - Delivered value-" + i + " to " + topic + " partition \\d at offset \\d+");
        }
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void shouldStartAnEmbeddedBrokerWhenNothingIsConfiguredOrListening() throws Exception {
        int port = Ports.freePort();

        var run = StageProcess.run(HighLevelProducer.class, Map.of(),
                List.of("-Dlearnkafka.default.port=" + port), LIMIT, "--messages", "3");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stdout())
                .contains("No broker at localhost:" + port + " and KAFKA_BOOTSTRAP_SERVERS is unset: started an "
                        + "embedded Kafka broker at localhost:")
                .contains("Topic first_topic partition 2: leader 1")
                .contains("Delivered 3 of 3 messages.");
        assertThat(run.stdout().lines().filter(l -> l.contains("started an embedded")).count()).isEqualTo(1);
    }

    @Test
    void shouldFailFastWithOneClearLineWhenTheConfiguredBrokerIsDown() throws Exception {
        String nowhere = "localhost:" + Ports.freePort();

        var run = StageProcess.run(HighLevelProducer.class, Map.of("KAFKA_BOOTSTRAP_SERVERS", nowhere), List.of(),
                LIMIT);

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(run.elapsed()).isLessThan(Duration.ofSeconds(15));
        assertThat(run.stderr().strip().lines()).singleElement().asString()
                .contains("No Kafka broker answers at " + nowhere)
                .contains("./mvnw -q -pl local-kafka");
        assertThat(run.output()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void shouldExitTwoWithOneLineForBadUsage() throws Exception {
        for (String[] args : List.of(new String[] {"--messages", "0"}, new String[] {"--messages", "five"},
                new String[] {"--bogus"})) {
            var run = StageProcess.run(HighLevelProducer.class, Map.of("KAFKA_BOOTSTRAP_SERVERS", "localhost:1"),
                    List.of(), LIMIT, args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCode.USAGE);
            assertThat(run.stderr().strip().lines()).singleElement().asString().startsWith("error: ")
                    .contains("--help");
        }
    }

    @Test
    void shouldExitTwoForAMissingClientConfigFile() throws Exception {
        var run = StageProcess.run(HighLevelProducer.class, Map.of("KAFKA_BOOTSTRAP_SERVERS", "localhost:1",
                "KAFKA_CLIENT_CONFIG", "/nonexistent/client.properties"), List.of(), LIMIT);

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.stderr()).contains("KAFKA_CLIENT_CONFIG=/nonexistent/client.properties");
    }

    @Test
    void shouldPrintHelpAndExitZero() throws Exception {
        var run = StageProcess.run(HighLevelProducer.class, Map.of(), List.of(), LIMIT, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).startsWith("Usage: 01-high-level-producer")
                .contains("--messages N", "KAFKA_BOOTSTRAP_SERVERS", "KAFKA_CLIENT_CONFIG", "Exit codes");
    }
}
