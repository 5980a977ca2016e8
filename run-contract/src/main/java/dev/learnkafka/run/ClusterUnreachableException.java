package dev.learnkafka.run;

import org.apache.kafka.common.KafkaException;

/**
 * Thrown by a {@link Outcomes#watch watched} producer's {@code send()} once a send has timed out: the cluster
 * did not answer within {@code max.block.ms} or {@code delivery.timeout.ms}, so every further record would
 * only wait for the same timeout. The record was not handed to the producer: it counts as not sent.
 */
public class ClusterUnreachableException extends KafkaException {
    public ClusterUnreachableException(String message) {
        super(message);
    }
}
