package dev.learnkafka.exercises.solution;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

import dev.learnkafka.exercises.OrderSender;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Exercise 1, a reference solution: the customer id is the key, and equal keys go to one partition. */
public class SolutionOrderSender implements OrderSender {
    @Override
    public List<Future<RecordMetadata>> send(Producer<String, String> producer, String topic, List<Order> orders) {
        List<Future<RecordMetadata>> results = new ArrayList<>();
        for (Order order : orders) {
            // the default partitioner hashes the key (murmur2): one customer, one partition; the idempotent
            // producer (the default since Kafka 3.0) keeps the order of one partition's records on retries
            results.add(producer.send(new ProducerRecord<>(topic, order.customerId(), order.payload())));
        }
        return results;
    }
}
