package dev.learnkafka.producer.flush;

import org.apache.kafka.common.KafkaException;

/**
 * A flush that neither completed nor timed out: {@code KafkaProducer.flush()} threw (its exception is the cause),
 * or the {@link FlushPool} was closed before a worker took the flush up.
 */
public class FlushFailedException extends KafkaException {
    private final transient FlushReport report;

    public FlushFailedException(String message, Throwable cause, FlushReport report) {
        super(message, cause);
        this.report = report;
    }

    public FlushReport report() {
        return report;
    }
}
