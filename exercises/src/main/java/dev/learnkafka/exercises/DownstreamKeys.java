package dev.learnkafka.exercises;

/**
 * Exercise 11 (downstream): choose the key a consumer needs. The producer's records feed a small Kafka Streams
 * topology that counts events per customer and keeps each order's latest status. The page:
 * docs/exercises/11-downstream-keys.md
 */
public interface DownstreamKeys {

    /** One event of an order: the producer sends it with value {@code orderId=status}. */
    record Event(String customerId, String orderId, String status) {
    }

    /** The record key for this event (null is allowed: then the record has no key). */
    String key(Event event);
}
