package dev.learnkafka.exercises;

import static dev.learnkafka.exercises.Feedback.check;
import static dev.learnkafka.exercises.Feedback.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.learnkafka.exercises.OrderSender.Order;
import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@KafkaTest
@Exercise(number = 1, title = "keep each customer's orders together and in order", page = "01-order-sender.md")
@Timeout(30)
class Exercise1Test {

    @Test
    void shouldKeepEachCustomersOrdersOnOnePartitionInOrder(KafkaBroker broker) throws Exception {
        String topic = KafkaBroker.uniqueTopic("orders");
        broker.createTopic(topic, 6);
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            orders.add(new Order("customer-" + (i % 7), "order-" + i));
        }

        List<RecordMetadata> written = new ArrayList<>();
        try (var producer = new KafkaProducer<String, String>(Exercises.settings(broker))) {
            List<Future<RecordMetadata>> futures = within(Duration.ofSeconds(10), "send(producer, topic, 60 orders)",
                    "send() only hands each record to the producer; return its futures without waiting on them.",
                    () -> Exercises.implementation(OrderSender.class).send(producer, topic, orders));
            check(futures != null && futures.size() == orders.size(), "one future per order (60)",
                    futures == null ? "null" : futures.size() + " futures",
                    "add the future that producer.send(...) returns for each order, in the list's order.");
            for (Future<RecordMetadata> f : futures) {
                written.add(f.get(20, TimeUnit.SECONDS));
            }
        }

        Map<String, List<RecordMetadata>> byCustomer = new LinkedHashMap<>();
        for (int i = 0; i < orders.size(); i++) {
            byCustomer.computeIfAbsent(orders.get(i).customerId(), c -> new ArrayList<>()).add(written.get(i));
        }
        check(byCustomer.values().stream().map(l -> l.get(0).topic()).allMatch(topic::equals),
                "every order written to the topic given", "some went to " + written.get(0).topic(),
                "use the topic parameter.");
        for (Map.Entry<String, List<RecordMetadata>> customer : byCustomer.entrySet()) {
            List<Integer> partitions = customer.getValue().stream().map(RecordMetadata::partition).distinct().toList();
            check(partitions.size() == 1, "all orders of " + customer.getKey() + " on one partition",
                    "they are on partitions " + partitions,
                    "a record without a key goes wherever the sticky partitioner's current batch goes (not round"
                            + " robin, not by customer): what does the partitioner do with equal keys?");
            List<Long> offsets = customer.getValue().stream().map(RecordMetadata::offset).toList();
            check(offsets.stream().sorted().toList().equals(offsets),
                    "the orders of " + customer.getKey() + " at increasing offsets, in the list's order",
                    "offsets " + offsets, "send the orders in the list's order, one send per order.");
        }
        long usedPartitions = written.stream().map(RecordMetadata::partition).distinct().count();
        check(usedPartitions > 1, "7 customers spread over more than one of 6 partitions",
                "every order is on one partition",
                "a fixed partition keeps order but puts all the load on one partition; let the key choose.");
    }
}
