package dev.learnkafka.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic back from the beginning, so tests can compare what the producer reported with what is there. */
public final class TopicReader {
    private TopicReader() {
    }

    /**
     * Every record of the topic once at least {@code expected} have arrived, plus whatever one more poll finds:
     * a duplicate or an extra record that sneaks in after the count is reached is returned too, so a test
     * comparing sizes sees it.
     */
    public static List<ConsumerRecord<String, String>> readAll(String bootstrapServers, String topic, int expected) {
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "check-" + topic + "-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            await("at least " + expected + " records in " + topic).atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                return read.size() >= expected;
            });
            consumer.poll(Duration.ofMillis(500)).forEach(read::add);
        }
        return read;
    }

    /**
     * Every record of the topic, read from the beginning up to the end offsets it has now, partition by partition:
     * for a topic that may hold more records than a test expects (e.g. messages whose outcome was unknown).
     */
    public static List<ConsumerRecord<String, String>> readToEnd(String bootstrapServers, String topic) {
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            List<TopicPartition> partitions = new ArrayList<>();
            await("metadata of " + topic).atMost(Duration.ofSeconds(60)).until(() -> {
                var infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                partitions.clear();
                infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
                return !partitions.isEmpty();
            });
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            await("every record of " + topic + " up to " + end).atMost(Duration.ofSeconds(120)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(read::add);
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            });
        }
        return read;
    }
}
