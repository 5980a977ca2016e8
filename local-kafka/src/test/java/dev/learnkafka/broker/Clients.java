package dev.learnkafka.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The smallest producer and consumer that prove a broker serves clients. */
final class Clients {
    private Clients() {
    }

    /** Sends the values with acks=all and waits for each acknowledgement. */
    static List<RecordMetadata> produce(String bootstrap, String topic, String... values) throws Exception {
        Properties client = new Properties();
        client.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return produce(client, topic, values);
    }

    /** The same, with client settings of its own (bootstrap.servers, security). */
    static List<RecordMetadata> produce(Properties client, String topic, String... values) throws Exception {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // every replica in the ISR must have the record: a cluster test then proves replication, not just a leader
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // a test fails in seconds, not after the default two minutes
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        List<RecordMetadata> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (String value : values) {
                sent.add(producer.send(new ProducerRecord<>(topic, value)).get(30, TimeUnit.SECONDS));
            }
        }
        return sent;
    }

    /** Reads the topic from the beginning until {@code expected} records arrived. */
    static List<String> consume(String bootstrap, String topic, int expected) {
        Properties client = new Properties();
        client.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return consume(client, topic, expected);
    }

    /** The same, with client settings of its own (bootstrap.servers, security). */
    static List<String> consume(Properties client, String topic, int expected) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        // no group: assign() needs no coordinator, which keeps the test independent of group rebalances
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.assign(consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
                assertThat(values).hasSizeGreaterThanOrEqualTo(expected);
            });
        }
        return values;
    }
}
