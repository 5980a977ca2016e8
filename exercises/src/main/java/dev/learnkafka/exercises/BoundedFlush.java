package dev.learnkafka.exercises;

import java.time.Duration;

import org.apache.kafka.clients.producer.Producer;

/**
 * Exercise 9 (stage 05): a flush that gives up. The page: docs/exercises/09-bounded-flush.md
 *
 * <p>{@code KafkaProducer.flush()} has no timeout. Return true when every buffered message has its outcome
 * within {@code timeout}, false when the timeout passed first; never block much longer than the timeout, and
 * never lose a message by giving up (the producer must still deliver it later).
 */
public interface BoundedFlush {

    boolean flushWithin(Producer<String, String> producer, Duration timeout) throws InterruptedException;
}
