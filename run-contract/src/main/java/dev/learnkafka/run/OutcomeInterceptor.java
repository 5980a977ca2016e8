package dev.learnkafka.run;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;

/**
 * How the run contract counts outcomes without touching the lesson's producer: Kafka's own extension point,
 * {@code interceptor.classes}, which {@link Run#yourSettings()} adds to the settings it hands the lesson. The
 * producer calls {@link #onSend} at the start of every {@code send()} and {@link #onAcknowledgement} once for
 * every record: with its offset, with the error its callback gets, or with the exception {@code send()} throws.
 *
 * <p>It only observes: an interceptor cannot stop a send (the producer logs and swallows what {@code onSend}
 * throws). Stopping after a timeout is the lesson's own business (stage 03).
 */
public final class OutcomeInterceptor implements ProducerInterceptor<Object, Object> {
    /**
     * A record with this header is not one of the run's N messages (stage 05's ready-check): not counted. Stage
     * code names it as a string, without importing the contract.
     */
    public static final String NOT_COUNTED = "tutorial-not-counted";

    private Outcomes outcomes;

    @Override
    public void configure(Map<String, ?> configs) {
        outcomes = Outcomes.attach(configs);
    }

    @Override
    public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
        if (outcomes != null && !notCounted(record.headers())) {
            outcomes.handing();
        }
        return record;
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception, Headers headers) {
        if (outcomes != null && !notCounted(headers)) {
            outcomes.acknowledged(metadata, exception);
        }
    }

    @Override
    public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
        onAcknowledgement(metadata, exception, null);
    }

    private static boolean notCounted(Headers headers) {
        return headers != null && headers.lastHeader(NOT_COUNTED) != null;
    }

    @Override
    public void close() {
        // the outcomes outlive the producer: the summary comes after its close
    }
}
