package dev.learnkafka.run;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * What became of one message, as the run contract counts it. Every message has exactly one.
 *
 * <ul>
 *   <li>{@link #DELIVERED}: the callback got an offset; the message is in the topic.</li>
 *   <li>{@link #FAILED}: the callback got an error that says the message was NOT written (the broker refused
 *       it, it was too large, the topic's metadata never came so it never left the client).</li>
 *   <li>{@link #UNKNOWN}: the client gave up waiting ({@code delivery.timeout.ms} ran out, or a close with a
 *       timeout aborted it) after the message may already have reached the broker. It may be in the topic or
 *       not; sending it again may write it twice.</li>
 *   <li>{@link #NOT_SENT}: the message was never handed to the producer (the run stopped before it).</li>
 * </ul>
 */
public enum Outcome {
    DELIVERED, FAILED, UNKNOWN, NOT_SENT;

    /**
     * The outcome a send's callback reports.
     *
     * @param metadata  what the callback got (the Java client passes partition -1 when the record never got into
     *                  a batch, e.g. the metadata wait ran out)
     * @param exception what the callback got; null when the record was written
     */
    public static Outcome of(RecordMetadata metadata, Exception exception) {
        if (exception == null) {
            return DELIVERED;
        }
        boolean inABatch = metadata != null && metadata.partition() >= 0;
        if (exception instanceof TimeoutException && inABatch) {
            // "Expiring N record(s) ... since batch creation": it may have been sent, and written, before that
            return UNKNOWN;
        }
        if (exception.getClass() == KafkaException.class && String.valueOf(exception.getMessage())
                .contains("closed forcefully")) {
            // close(timeout) ran out and aborted the batches still in flight: their fate is unknown too
            return UNKNOWN;
        }
        return FAILED;
    }
}
