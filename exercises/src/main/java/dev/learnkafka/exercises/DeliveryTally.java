package dev.learnkafka.exercises;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.Producer;

/**
 * Exercise 3 (stage 02): count the outcomes without blocking the sender. The page: docs/exercises/03-delivery-tally.md
 *
 * <p>Send every value to {@code topic} and return at once a future that completes, when every message has its
 * outcome, with how many were delivered and how many failed. Do not call {@code get()} on the futures that
 * {@code send} returns: use callbacks. Every message must be counted exactly once.
 */
public interface DeliveryTally {

    /** The outcomes: delivered + failed equals the number of values sent. */
    record Tally(int delivered, int failed) {
    }

    CompletableFuture<Tally> sendAll(Producer<String, String> producer, String topic, List<String> values);
}
