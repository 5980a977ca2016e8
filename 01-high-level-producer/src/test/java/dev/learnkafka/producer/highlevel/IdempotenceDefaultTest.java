package dev.learnkafka.producer.highlevel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * What exercise 5's page says of idempotence, the default since Kafka 3.0: acks=1 without enable.idempotence
 * turns it off (the client says so in one INFO line only); acks=1 with enable.idempotence=true is refused.
 */
class IdempotenceDefaultTest {
    private static final Map<String, Object> BASE = Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1",
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);

    private static ProducerConfig config(Map<String, Object> settings) {
        var all = new java.util.HashMap<>(BASE);
        all.putAll(settings);
        return new ProducerConfig(all);
    }

    @Test
    void shouldBeIdempotentWithAcksAllByDefault() {
        ProducerConfig config = config(Map.of());
        assertThat(config.getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isTrue();
        assertThat(config.getString(ProducerConfig.ACKS_CONFIG)).isEqualTo("-1");
    }

    @Test
    void shouldTurnIdempotenceOffWhenAcksIsOneAndIdempotenceWasNotAskedFor() {
        ProducerConfig config = config(Map.of(ProducerConfig.ACKS_CONFIG, "1"));
        assertThat(config.getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isFalse();
    }

    @Test
    void shouldRefuseAcksOneWhenIdempotenceIsAskedFor() {
        assertThatThrownBy(() -> config(Map.of(ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Must set acks to all in order to use the idempotent producer");
    }
}
