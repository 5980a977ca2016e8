package dev.learnkafka.producer.flush;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage logs the settings in force, which a KAFKA_CLIENT_CONFIG file may change (a run in this JVM). */
@KafkaTest
@Tag("broker")
class ClientConfigRunTest {

    @Test
    void shouldLogTheDeliveryTimeoutAndLingerTheFileSets(KafkaBroker broker, @TempDir Path dir) throws Exception {
        String topic = KafkaBroker.uniqueTopic("run05-inforce");
        broker.createTopic(topic, 3);
        Path config = Files.writeString(dir.resolve("client.properties"),
                "delivery.timeout.ms=12345 \nlinger.ms=7\n");

        var run = InJvm.run(Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(), "KAFKA_TOPIC", topic,
                "KAFKA_CLIENT_CONFIG", config.toString()), "--flushes", "1", "--flush-threads", "1");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stdout()).contains("linger.ms 7, delivery.timeout.ms 12345.")
                .contains("Asking for 1 flush of 2000 ms each at once; flush threads: 1.");
    }
}
