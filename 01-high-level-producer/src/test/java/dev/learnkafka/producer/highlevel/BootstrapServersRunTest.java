package dev.learnkafka.producer.highlevel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.learnkafka.broker.Ports;
import dev.learnkafka.run.Run;
import dev.learnkafka.testing.InJvmStage;
import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import dev.learnkafka.testing.StageProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rule for brokers named twice: KAFKA_BOOTSTRAP_SERVERS wins over bootstrap.servers in KAFKA_CLIENT_CONFIG,
 * for the producer too; the file's value is used when the variable is unset. Whole runs against the shared broker,
 * in this JVM: where the address comes from is the run contract's doing, not the process's.
 */
@KafkaTest
@Tag("broker")
class BootstrapServersRunTest {
    private static StageProcess.Result run(Map<String, String> env) throws Exception {
        return InJvmStage.run(() -> Run.run(new String[0], env, HighLevelProducerDemo.OPTIONS,
                HighLevelProducerDemo::run, System.err));
    }

    @Test
    void shouldSendToKafkaBootstrapServersWhenTheFileNamesOtherBrokers(KafkaBroker broker, @TempDir Path dir)
            throws Exception {
        String topic = KafkaBroker.uniqueTopic("run01-env-wins");
        broker.createTopic(topic, 3);
        String nowhere = "localhost:" + Ports.freePort();
        Path config = Files.writeString(dir.resolve("client.properties"), "bootstrap.servers=" + nowhere + "\n");

        var run = run(Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(), "KAFKA_TOPIC", topic,
                "KAFKA_CLIENT_CONFIG", config.toString()));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stdout()).contains("wins over bootstrap.servers=" + nowhere, "Delivered 5 of 5 messages.")
                .contains("Using the Kafka broker at " + broker.bootstrapServers() + " (KAFKA_BOOTSTRAP_SERVERS).")
                .doesNotContain("started an embedded");
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void shouldUseTheFilesBootstrapServersWhenTheVariableIsUnset(KafkaBroker broker, @TempDir Path dir)
            throws Exception {
        String topic = KafkaBroker.uniqueTopic("run01-file");
        broker.createTopic(topic, 3);
        Path config = Files.writeString(dir.resolve("client.properties"),
                "bootstrap.servers=" + broker.bootstrapServers() + "\n");

        // without the file's brokers the run would look on localhost:9092, or start an embedded broker: either
        // breaks the one line asserted below
        var run = run(Map.of("KAFKA_TOPIC", topic, "KAFKA_CLIENT_CONFIG", config.toString()));

        assertThat(run.exitCode()).as(run.output()).isZero();
        // one line says where the address came from, and nothing contradicts it
        assertThat(run.stdout().lines().filter(l -> l.contains(broker.bootstrapServers()) && l.contains("Run - ")))
                .as(run.stdout()).singleElement().asString()
                .endsWith("Using the Kafka broker at " + broker.bootstrapServers() + " (bootstrap.servers in "
                        + "KAFKA_CLIENT_CONFIG=" + config + "; KAFKA_BOOTSTRAP_SERVERS is unset).");
        assertThat(run.stdout()).contains("Delivered 5 of 5 messages.").doesNotContain("embedded")
                .doesNotContain("(KAFKA_BOOTSTRAP_SERVERS)");
    }
}
