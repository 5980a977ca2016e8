package dev.learnkafka.run;

import org.apache.kafka.common.KafkaException;

/**
 * Thrown by a {@link Outcomes#watch watched} producer's {@code send()} after Ctrl-C (or SIGTERM): the run is
 * ending, the record was not handed to the producer and counts as not sent.
 */
public class RunInterruptedException extends KafkaException {
    public RunInterruptedException(String message) {
        super(message);
    }
}
