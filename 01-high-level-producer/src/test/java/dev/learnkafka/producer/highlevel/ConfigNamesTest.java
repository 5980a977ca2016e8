package dev.learnkafka.producer.highlevel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The blog's connection settings under their Java names (docs/README.md, the node-rdkafka to Java map). */
class ConfigNamesTest {

    @Test
    void shouldKnowClientIdAndBootstrapServersButNotLibrdkafkasMetadataBrokerList() {
        assertThat(ProducerConfig.configNames())
                .contains("client.id", "bootstrap.servers")
                .doesNotContain("metadata.broker.list");
    }

    @Test
    void shouldRefuseAProducerConfiguredOnlyWithMetadataBrokerList() {
        Properties props = new Properties();
        props.put("metadata.broker.list", "localhost:9092"); // node-rdkafka's alias, carried over as is
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());

        assertThatThrownBy(() -> new KafkaProducer<String, String>(props).close())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("Missing required configuration \"bootstrap.servers\"");
    }
}
