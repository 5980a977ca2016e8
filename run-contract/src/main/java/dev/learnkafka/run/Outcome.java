package dev.learnkafka.run;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
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
 *       not; sending it again may write it twice. When the delivery timeout runs out while a request is in
 *       flight, the callback gets a {@code TimeoutException} ("Expiring N record(s)") or, if the request's own
 *       {@code request.timeout.ms} fired first, a {@code NetworkException} ("disconnected before a response
 *       was received"): which one depends on timing, and both mean "maybe".</li>
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
        // in a batch, then "Expiring N record(s) ... since batch creation", or the request's connection was dropped
        // before its answer came, with no time left to retry: it may have been sent, and written, before that.
        // NotEnoughReplicasAfterAppend: the leader wrote it, too few replicas copied it in time.
        boolean maybeWritten = metadata != null && metadata.partition() >= 0 && (exception instanceof TimeoutException
                || exception instanceof NetworkException || exception instanceof NotEnoughReplicasAfterAppendException);
        // close(timeout) ran out and aborted the batches still in flight: their fate is unknown too
        boolean aborted = exception.getClass() == KafkaException.class
                && String.valueOf(exception.getMessage()).contains("closed forcefully");
        return maybeWritten || aborted ? UNKNOWN : FAILED;
    }
}
