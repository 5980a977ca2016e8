package dev.learnkafka.exercises.solution;

import dev.learnkafka.exercises.DownstreamKeys;

/**
 * Exercise 11, a reference solution: the customer. Equal keys share a partition, so a consumer sees one
 * customer's events (and so each of their orders' events) in the order they were sent, and can count per key.
 */
public class SolutionDownstreamKeys implements DownstreamKeys {
    @Override
    public String key(Event event) {
        return event.customerId();
    }
}
