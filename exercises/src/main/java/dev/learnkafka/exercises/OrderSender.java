package dev.learnkafka.exercises;

import java.util.List;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Exercise 1 (stage 01): keep each customer's orders together and in order. The page: docs/exercises/01-order-sender.md
 *
 * <p>Send every order to {@code topic} so that all orders of one customer land on one partition, in the order
 * of the list, whatever partition count the topic has. Return one future per order, in the list's order.
 * Hint: the blog's comment about null keys does not hold for Java; what does hold for equal keys?
 */
public interface OrderSender {

    /** An order: who placed it and what it says. */
    record Order(String customerId, String payload) {
    }

    List<Future<RecordMetadata>> send(Producer<String, String> producer, String topic, List<Order> orders);
}
