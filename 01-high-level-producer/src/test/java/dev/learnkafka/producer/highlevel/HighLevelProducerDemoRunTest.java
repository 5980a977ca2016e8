package dev.learnkafka.producer.highlevel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.learnkafka.broker.Ports;
import dev.learnkafka.run.ExitCode;
import dev.learnkafka.testing.StageProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs the stage's main in its own JVM, as a reader does, and checks what it prints and the exit code that
 * {@code System.exit} gives the shell: 0 here, 1 when the broker is down, 130 in {@link SignalTest}. What does
 * not need a process of its own runs in the test JVM: usage errors, a missing config file and {@code --help} in
 * {@link BadInputTest}, the broker named twice in {@link BootstrapServersRunTest}.
 */
@Tag("broker")
class HighLevelProducerDemoRunTest {
    private static final Duration LIMIT = Duration.ofSeconds(90);

    /**
     * With nothing configured and nothing on the default port, the run starts a broker of its own (a child JVM
     * that lives as long as the run) and goes through every step of the lesson against it.
     */
    @Test
    void shouldStartAnEmbeddedBrokerThenPrintVersionReadinessMetadataAndFiveOffsetsAndExitZero() throws Exception {
        int port = Ports.freePort();

        var run = StageProcess.run(HighLevelProducerDemo.class, Map.of(),
                List.of("-Dlearnkafka.default.port=" + port), LIMIT);

        assertThat(run.exitCode()).as(run.output()).isZero();
        String topic = "first_topic";
        assertThat(run.stdout())
                .contains("No broker at localhost:" + port + " and KAFKA_BOOTSTRAP_SERVERS is unset: started an "
                        + "embedded Kafka broker at localhost:")
                .containsPattern("Kafka client version \\d+\\.\\d+\\.\\d+")
                .contains("Supported features gzip,snappy,lz4,zstd")
                .contains("Producer ready: metadata for " + topic)
                .contains("Topic " + topic + " partition 0: leader", "partition 1: leader",
                        "Topic first_topic partition 2: leader 1")
                .contains("Delivered 5 of 5 messages.");
        assertThat(run.stdout().lines().filter(l -> l.contains("started an embedded")).count()).isEqualTo(1);
        for (int i = 1; i <= 5; i++) {
            assertThat(run.stdout()).containsPattern("\\[kafka-producer-network-thread \\| demo-producer\\] INFO "
                    + "ValueSender - Delivered value-" + i + " to " + topic + " partition \\d at offset \\d+");
        }
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void shouldFailFastWithOneClearLineWhenTheConfiguredBrokerIsDown() throws Exception {
        String nowhere = "localhost:" + Ports.freePort();

        var run = StageProcess.run(HighLevelProducerDemo.class, Map.of("KAFKA_BOOTSTRAP_SERVERS", nowhere), List.of(),
                LIMIT);

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(run.elapsed()).isLessThan(Duration.ofSeconds(15));
        assertThat(run.stderr().strip().lines()).singleElement().asString()
                .contains("No Kafka broker answers at " + nowhere)
                .contains("./mvnw -q -pl local-kafka");
        assertThat(run.output()).doesNotContain("\tat ").doesNotContain("Exception");
    }
}
