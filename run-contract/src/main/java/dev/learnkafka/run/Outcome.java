package dev.learnkafka.run;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * What became of one message; every message has exactly one. FAILED: an error that says it was NOT written.
 * UNKNOWN: the client gave up waiting after it may have reached the broker; sending it again may write it twice.
 * NOT_SENT: never handed to the producer.
 */
public enum Outcome {
    DELIVERED, FAILED, UNKNOWN, NOT_SENT;

    /** The Java client passes partition -1 when the record never got into a batch (e.g. no metadata in time). */
    public static Outcome of(RecordMetadata metadata, Exception exception) {
        if (exception == null) {
            return DELIVERED;
        }
        // in a batch, then "Expiring N record(s)", or (request.timeout.ms fired first, which depends on timing) the
        // connection dropped before the answer: it may have been written. NotEnoughReplicasAfterAppend: the leader
        // wrote it, too few replicas copied it in time.
        boolean maybeWritten = metadata != null && metadata.partition() >= 0 && (exception instanceof TimeoutException
                || exception instanceof NetworkException || exception instanceof NotEnoughReplicasAfterAppendException);
        // close(timeout) ran out and aborted the batches still in flight: their fate is unknown too
        boolean aborted = exception.getClass() == KafkaException.class
                && String.valueOf(exception.getMessage()).contains("closed forcefully");
        return maybeWritten || aborted ? UNKNOWN : FAILED;
    }
}
