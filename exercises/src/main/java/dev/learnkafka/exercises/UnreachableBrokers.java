package dev.learnkafka.exercises;

import java.util.Set;

import dev.learnkafka.producer.logging.LogListener;

/**
 * Exercise 8 (stage 04): a log listener that turns the client's connection warnings into data. The page:
 * docs/exercises/08-unreachable-brokers.md
 */
public interface UnreachableBrokers {

    /**
     * A listener that adds to {@code addresses}, as {@code host:port}, every broker the client logs it could not
     * connect to. It runs on the producer's I/O thread: quick, no blocking.
     */
    LogListener listener(Set<String> addresses);
}
