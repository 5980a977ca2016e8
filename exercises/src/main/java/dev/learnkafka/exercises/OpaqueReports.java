package dev.learnkafka.exercises;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.learnkafka.producer.polling.DeliveryReport;
import dev.learnkafka.producer.polling.PollingProducer;

/**
 * Exercise 4 (stage 02): correlate delivery reports by their opaque token, through the poll loop. The page:
 * docs/exercises/04-opaque-reports.md
 */
public interface OpaqueReports {

    /**
     * Sends {@code values.get(i)} to {@code topic} with the opaque token {@code i} (an Integer), dispatches the
     * reports on this thread with {@code poll}, and returns them by token once every message has one. The
     * producer's queue is smaller than the list: when {@code send} says the queue is full, poll and send again.
     * Give up (return what you have) once {@code timeout} has passed.
     */
    Map<Integer, DeliveryReport<String, String>> sendAll(PollingProducer<String, String> producer, String topic,
                                                          List<String> values, Duration timeout)
            throws InterruptedException;

    /**
     * Makes one delivery fail on purpose: sends one message to {@code topic} with the opaque token
     * {@code "doomed"} that the client cannot deliver, and returns its report (the one carrying the error), got
     * through {@code poll} on this thread.
     */
    DeliveryReport<String, String> failOnPurpose(PollingProducer<String, String> producer, String topic)
            throws InterruptedException;
}
