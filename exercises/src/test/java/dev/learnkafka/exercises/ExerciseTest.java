package dev.learnkafka.exercises;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.learnkafka.broker.LocalKafka;
import dev.learnkafka.exercises.DeliveryTally.Tally;
import dev.learnkafka.exercises.OrderSender.Order;
import dev.learnkafka.producer.highlevel.ProducerSettings;
import dev.learnkafka.run.TutorialEnvironment;
import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import dev.learnkafka.testing.PrivateBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/** The workshop's exercises, each defined by its test. See docs/exercises.md. */
@KafkaTest
class ExerciseTest {

    @Test
    void exercise1ShouldKeepEachCustomersOrdersOnOnePartitionInOrder(KafkaBroker broker) throws Exception {
        String topic = KafkaBroker.uniqueTopic("orders");
        broker.createTopic(topic, 6);
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            orders.add(new Order("customer-" + (i % 7), "order-" + i));
        }

        List<RecordMetadata> written = new ArrayList<>();
        try (var producer = new KafkaProducer<String, String>(settings(broker))) {
            for (Future<RecordMetadata> f : Exercises.implementation(OrderSender.class).send(producer, topic, orders)) {
                written.add(f.get(30, TimeUnit.SECONDS));
            }
        }

        assertThat(written).hasSize(orders.size());
        Map<String, List<RecordMetadata>> byCustomer = new java.util.LinkedHashMap<>();
        for (int i = 0; i < orders.size(); i++) {
            byCustomer.computeIfAbsent(orders.get(i).customerId(), c -> new ArrayList<>()).add(written.get(i));
        }
        assertThat(byCustomer.values()).allSatisfy(list -> {
            assertThat(list.stream().map(RecordMetadata::partition).distinct()).hasSize(1);
            assertThat(list).extracting(RecordMetadata::offset).isSorted();
        });
        assertThat(written.stream().map(RecordMetadata::partition).collect(Collectors.toSet()))
                .as("7 customers over 6 partitions use more than one").hasSizeGreaterThan(1);
    }

    @Test
    void exercise2ShouldCountEveryOutcomeExactlyOnceWithoutBlocking(KafkaBroker broker) throws Exception {
        String topic = KafkaBroker.uniqueTopic("tally");
        broker.createTopic(topic, 3);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            values.add("value-" + i);
        }
        values.add("x".repeat(2_000_000)); // larger than max.request.size (1 MiB): this one fails

        Tally tally;
        try (var producer = new KafkaProducer<String, String>(settings(broker))) {
            tally = Exercises.implementation(DeliveryTally.class).sendAll(producer, topic, values)
                    .get(60, TimeUnit.SECONDS);
        }
        assertThat(tally).isEqualTo(new Tally(1_000, 1));
    }

    @Test
    void exercise3ShouldAskForSettingsThatLoseDuplicateAndReorderNothing(KafkaBroker broker) throws Exception {
        Properties props = Exercises.implementation(SafeSettings.class).settings(broker.bootstrapServers());

        assertThat(String.valueOf(props.get(ProducerConfig.ACKS_CONFIG))).isIn("all", "-1");
        assertThat(String.valueOf(props.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG))).isEqualTo("true");
        assertThat(Integer.parseInt(String.valueOf(props.getOrDefault(
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5")))).isBetween(1, 5);
        assertThat(Integer.parseInt(String.valueOf(props.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG))))
                .isLessThanOrEqualTo(30_000);
        String topic = KafkaBroker.uniqueTopic("safe");
        broker.createTopic(topic, 1);
        try (var producer = new KafkaProducer<String, String>(props)) { // the client accepts the combination
            assertThat(producer.send(new ProducerRecord<>(topic, "k", "v")).get(30, TimeUnit.SECONDS).offset())
                    .isZero();
        }
    }

    @Test
    void exercise4ShouldGiveUpAfterTheTimeoutAndStillDeliverLater(@PrivateBroker LocalKafka kafka) throws Exception {
        kafka.createTopic("flush", 1, 1);
        Properties props = ProducerSettings.base(kafka.bootstrapServers(), TutorialEnvironment.of(Map.of()));
        props.put(ProducerConfig.LINGER_MS_CONFIG, 60_000); // nothing leaves before a flush
        BoundedFlush flush = Exercises.implementation(BoundedFlush.class);
        List<RecordMetadata> delivered = java.util.Collections.synchronizedList(new ArrayList<>());

        try (var producer = new KafkaProducer<String, String>(props)) {
            producer.partitionsFor("flush");
            assertThat(flush.flushWithin(producer, Duration.ofSeconds(10))).as("nothing buffered").isTrue();

            // buffered while the broker is up (linger.ms keeps them in the producer), then the broker goes away:
            // sending after the stop could block in send() for max.block.ms while the metadata has no leader
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("flush", "v" + i), (m, e) -> {
                    if (e == null) {
                        delivered.add(m);
                    }
                });
            }
            kafka.stop();
            long started = System.nanoTime();
            assertThat(flush.flushWithin(producer, Duration.ofMillis(1_500))).as("broker down").isFalse();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(1_500));

            kafka.start();
            assertThat(flush.flushWithin(producer, Duration.ofSeconds(60))).as("broker back").isTrue();
        }
        assertThat(delivered).hasSize(10);
    }

    private static Properties settings(KafkaBroker broker) {
        return ProducerSettings.base(broker.bootstrapServers(), TutorialEnvironment.of(Map.of()));
    }
}
