package dev.learnkafka.producer.flush;

import org.apache.kafka.common.errors.TimeoutException;

/**
 * A flush did not end within its timeout: node-rdkafka's {@code Error: Local: Timed out}
 * ({@code RD_KAFKA_RESP_ERR__TIMED_OUT}). Nothing is lost: the records stay in the producer and each one still
 * gets its delivery outcome later. Retriable, like Kafka's own {@link TimeoutException}.
 */
public class FlushTimeoutException extends TimeoutException {
    private final transient FlushReport report;

    public FlushTimeoutException(FlushReport report) {
        super("Flush " + report.number() + " did not complete within " + report.timeout().toMillis()
                + " ms (Local: Timed out); its records stay in the producer.");
        this.report = report;
    }

    /** When the timed-out flush was asked for, started and ended. */
    public FlushReport report() {
        return report;
    }
}
