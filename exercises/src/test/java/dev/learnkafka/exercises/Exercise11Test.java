package dev.learnkafka.exercises;

import static dev.learnkafka.exercises.Feedback.check;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.learnkafka.exercises.DownstreamKeys.Event;
import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import dev.learnkafka.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opentest4j.TestAbortedException;

/**
 * What a producer's keys mean downstream. The learner's keys go to a real topic; what a consumer reads back, one
 * partition after the other (a legal order: Kafka orders records within a partition only), feeds a small Kafka
 * Streams topology run by TopologyTestDriver: events per key, and each order's latest status. The driver needs no
 * broker; its stores are in memory, so no native RocksDB code is loaded.
 */
@KafkaTest
@Exercise(number = 11, title = "the key a downstream consumer needs", page = "11-downstream-keys.md")
@Timeout(40)
class Exercise11Test {
    static final String TOPIC = "order-events";

    /** events per key, and the latest status of each order (the value is orderId=status). */
    static Topology topology() {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, String> events = builder.stream(TOPIC, Consumed.with(Serdes.String(), Serdes.String()));
        // a record with a null key has no group: groupByKey drops it (with a warning), as a real app would
        events.groupByKey().count(Materialized.<String, Long>as(Stores.inMemoryKeyValueStore("events-per-key"))
                .withKeySerde(Serdes.String()).withValueSerde(Serdes.Long()));
        events.map((key, value) -> KeyValue.pair(value.substring(0, value.indexOf('=')), value.substring(value.indexOf('=') + 1)))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .reduce((older, newer) -> newer, Materialized.<String, String>as(
                        Stores.inMemoryKeyValueStore("latest-status")).withKeySerde(Serdes.String())
                        .withValueSerde(Serdes.String()));
        return builder.build();
    }

    @Test
    void shouldLetAConsumerCountPerCustomerAndSeeEachOrdersLatestStatus(KafkaBroker broker) throws Exception {
        DownstreamKeys keys = Exercises.implementation(DownstreamKeys.class);
        List<Event> events = new ArrayList<>();
        for (String status : List.of("created", "paid", "shipped")) {
            for (int o = 0; o < 12; o++) {
                events.add(new Event("customer-" + (o % 4), "order-" + o, status));
            }
        }
        String topic = KafkaBroker.uniqueTopic("order-events");
        broker.createTopic(topic, 4);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (var producer = new KafkaProducer<String, String>(Exercises.settings(broker))) {
            for (Event e : events) {
                sent.add(producer.send(new ProducerRecord<>(topic, keys.key(e), e.orderId() + "=" + e.status())));
                producer.flush(); // one batch per record: null keys are spread too, as in a long-running app
            }
            for (Future<RecordMetadata> f : sent) {
                f.get(20, TimeUnit.SECONDS);
            }
        }
        // a consumer may read one partition's backlog before the next one's: here the highest partition first.
        // Every send was acknowledged, so the topic up to its end offsets holds them all (read without a consumer
        // group: a fresh broker would first create the group coordinator's 50 partitions).
        List<ConsumerRecord<String, String>> read = new ArrayList<>(
                TopicReader.readToEnd(broker.bootstrapServers(), topic));
        read.sort(Comparator.<ConsumerRecord<String, String>>comparingInt(ConsumerRecord::partition).reversed()
                .thenComparingLong(ConsumerRecord::offset));

        Map<String, Long> counts = new TreeMap<>();
        Map<String, String> latest = new TreeMap<>();
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "exercise-11");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092"); // the driver talks to no broker
        try (TopologyTestDriver driver = driver(topology(), config)) {
            var input = driver.createInputTopic(TOPIC, Serdes.String().serializer(), Serdes.String().serializer());
            for (ConsumerRecord<String, String> r : read) {
                input.pipeInput(r.key(), r.value());
            }
            KeyValueStore<String, Long> countStore = driver.getKeyValueStore("events-per-key");
            countStore.all().forEachRemaining(kv -> counts.put(kv.key, kv.value));
            KeyValueStore<String, String> statusStore = driver.getKeyValueStore("latest-status");
            statusStore.all().forEachRemaining(kv -> latest.put(kv.key, kv.value));
        }

        Map<String, Long> expectedCounts = new TreeMap<>(Map.of("customer-0", 9L, "customer-1", 9L,
                "customer-2", 9L, "customer-3", 9L));
        check(counts.equals(expectedCounts), "events per key = events per customer: " + expectedCounts,
                "events per key: " + counts,
                counts.isEmpty() ? "records with a null key have no group: groupByKey (and any per-key state of a"
                        + " consumer) skips them. Give the records a key."
                        : "a consumer groups by the record key, so the key must be what it counts by.");
        Map<String, String> wrongStatus = new LinkedHashMap<>();
        for (int o = 0; o < 12; o++) {
            if (!"shipped".equals(latest.get("order-" + o))) {
                wrongStatus.put("order-" + o, latest.get("order-" + o));
            }
        }
        check(wrongStatus.isEmpty(), "every order's latest status 'shipped' (its last event)",
                "latest statuses wrong for " + wrongStatus,
                "Kafka keeps order within a partition only: an order's events must share a partition, so they must"
                        + " share a key.");
    }

    /** The driver; on a platform where Streams cannot load what it needs, the exercise is skipped, saying why. */
    private static TopologyTestDriver driver(Topology topology, Properties config) {
        try {
            return new TopologyTestDriver(topology, config);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw new TestAbortedException("Kafka Streams cannot run on this platform (" + e + "): exercise 11 skipped.");
        }
    }
}
