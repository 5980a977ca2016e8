package dev.learnkafka.producer.polling;

import org.apache.kafka.common.errors.RetriableException;

/**
 * {@code send} refused a message because the delivery-report queue is full: as many messages as it holds are
 * in flight or wait for {@code poll()}. librdkafka's {@code Local: Queue full} (ERR__QUEUE_FULL). The message was
 * not sent and gets no report; poll to make room, then send it again.
 */
public class QueueFullException extends RetriableException {
    public QueueFullException(int capacity) {
        super("Local: Queue full: " + capacity + " messages are in flight or wait in the delivery-report queue; "
                + "call poll() (or setPollInterval) to dispatch their reports, then send again.");
    }
}
