package dev.learnkafka.producer.highlevel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import dev.learnkafka.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@KafkaTest
class ValueSenderTest {

    @Test
    void shouldReportInCallbacksExactlyWhereAConsumerFindsEachMessage(KafkaBroker broker) {
        String topic = KafkaBroker.uniqueTopic("stage01");
        broker.createTopic(topic, 3);

        List<Delivery> deliveries;
        try (var producer = new KafkaProducer<String, String>(settings(broker))) {
            deliveries = ValueSender.send(producer, topic, 50);
        } // close() waits for every callback

        assertThat(deliveries).hasSize(50).allMatch(Delivery::delivered);
        List<ConsumerRecord<String, String>> read = consumeAll(broker, topic, 50);
        assertThat(read)
                .extracting(ConsumerRecord::value, ConsumerRecord::partition, ConsumerRecord::offset)
                .containsExactlyInAnyOrderElementsOf(deliveries.stream()
                        .map(d -> tuple(d.value(), d.metadata().partition(), d.metadata().offset()))
                        .toList());
        assertThat(read).allSatisfy(r -> assertThat(r.key()).isNull());
    }

    @Test
    void shouldStickToOnePartitionForNullKeysWhileABatchFillsNotRoundRobin(KafkaBroker broker) throws Exception {
        String topic = KafkaBroker.uniqueTopic("sticky");
        broker.createTopic(topic, 3);
        Properties props = settings(broker);
        // a second of linger: all 30 small records are in the buffer before any batch is sent
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1_000);

        List<Delivery> deliveries;
        try (var producer = new KafkaProducer<String, String>(props)) {
            deliveries = ValueSender.send(producer, topic, 30);
        }

        Set<Integer> partitions = deliveries.stream().map(d -> d.metadata().partition()).collect(Collectors.toSet());
        // The blog's comment: "If no key is provided, then the partition is selected in a round-robin fashion".
        // Round robin would put 10 on each of the 3 partitions. Kafka's Java client (sticky since 2.4, KIP-480;
        // switching after batch.size bytes since 3.3, KIP-794) does not:
        assertThat(partitions).as("partitions used by 30 null-key records of one batch").hasSize(1);
    }

    @Test
    void shouldMoveNullKeysToAnotherPartitionOnceABatchIsFull(KafkaBroker broker) throws Exception {
        String topic = KafkaBroker.uniqueTopic("sticky-full");
        broker.createTopic(topic, 3);
        Properties props = settings(broker);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 1_024);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1_000);
        String kilobyte = "x".repeat(1_000);

        List<RecordMetadata> written = new ArrayList<>();
        try (var producer = new KafkaProducer<String, String>(props)) {
            for (int i = 0; i < 60; i++) {
                producer.send(new ProducerRecord<>(topic, kilobyte), (m, e) -> {
                    if (e == null) {
                        synchronized (written) {
                            written.add(m);
                        }
                    }
                });
            }
        }
        assertThat(written).hasSize(60);
        assertThat(written.stream().map(RecordMetadata::partition).distinct().count())
                .as("a full batch makes the sticky partitioner move on").isGreaterThan(1);
    }

    @Test
    void shouldSendEqualKeysToOnePartition(KafkaBroker broker) throws Exception {
        String topic = KafkaBroker.uniqueTopic("keys");
        broker.createTopic(topic, 3);
        List<RecordMetadata> written = new ArrayList<>();
        try (var producer = new KafkaProducer<String, String>(settings(broker))) {
            for (int round = 0; round < 5; round++) {
                for (int k = 1; k <= 6; k++) {
                    written.add(producer.send(new ProducerRecord<>(topic, "key-" + k, "v")).get());
                }
            }
        }
        Map<Integer, Set<String>> keysByPartition = new java.util.HashMap<>();
        List<ConsumerRecord<String, String>> read = consumeAll(broker, topic, 30);
        for (ConsumerRecord<String, String> r : read) {
            keysByPartition.computeIfAbsent(r.partition(), p -> new java.util.HashSet<>()).add(r.key());
        }
        Map<String, Set<Integer>> partitionsByKey = read.stream().collect(Collectors.groupingBy(
                ConsumerRecord::key, Collectors.mapping(ConsumerRecord::partition, Collectors.toSet())));
        assertThat(partitionsByKey).hasSize(6).allSatisfy((key, parts) -> assertThat(parts).hasSize(1));
        assertThat(written).hasSize(30);
    }

    @Test
    void shouldPutEachKeyOnItsMurmur2PartitionWhichIsNotWhereNodeRdkafkaPutsKey1(KafkaBroker broker)
            throws Exception {
        String topic = KafkaBroker.uniqueTopic("murmur2");
        broker.createTopic(topic, 3);
        Map<String, Integer> partitionByKey = new java.util.HashMap<>();
        try (var producer = new KafkaProducer<String, String>(settings(broker))) {
            for (int k = 1; k <= 12; k++) {
                String key = "key-" + k;
                partitionByKey.put(key, producer.send(new ProducerRecord<>(topic, key, "v")).get().partition());
            }
        }
        assertThat(partitionByKey).hasSize(12).allSatisfy((key, partition) -> assertThat(partition)
                .as("partition of %s", key).isEqualTo(KeyPartitionTest.javaPartition(key, 3)));
        // node-rdkafka's default partitioner (CRC32) would have put key-1 on partition 2
        assertThat(partitionByKey.get("key-1")).isZero()
                .isNotEqualTo(KeyPartitionTest.librdkafkaPartition("key-1", 3));
    }

    /** Stage 01's settings, for this broker. */
    static Properties settings(KafkaBroker broker) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "demo-producer");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        return props;
    }

    static List<ConsumerRecord<String, String>> consumeAll(KafkaBroker broker, String topic, int expected) {
        List<ConsumerRecord<String, String>> read = TopicReader.readAll(broker.bootstrapServers(), topic, expected);
        assertThat(read).hasSize(expected);
        return read;
    }
}
