package dev.learnkafka.producer.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A KAFKA_CLIENT_CONFIG value is read by the stage as the producer reads it (the run in this JVM). */
@KafkaTest
@Tag("broker")
class ClientConfigRunTest {

    @Test
    void shouldReadADeliveryTimeoutWithATrailingBlankAsTheProducerDoes(KafkaBroker broker, @TempDir Path dir)
            throws Exception {
        String topic = KafkaBroker.uniqueTopic("run03-blank");
        broker.createTopic(topic, 3);
        Path config = Files.writeString(dir.resolve("client.properties"), "delivery.timeout.ms=40000 \n");

        var run = Stage03.inJvm(Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(), "KAFKA_TOPIC", topic,
                "KAFKA_CLIENT_CONFIG", config.toString()), "--messages", "3", "--poll-interval-ms", "100");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stdout()).contains("Delivered message opaque::3");
        assertThat(run.output()).doesNotContain("NumberFormatException");
    }
}
