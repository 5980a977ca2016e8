package dev.learnkafka.run;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;

/**
 * How the run contract counts outcomes without touching the lesson's producer: Kafka's own extension points,
 * {@code interceptor.classes} (every send, and every record's acknowledgement, also of an exception
 * {@code send()} throws) and {@code metric.reporters} ({@code connection-count}: is any broker connected?).
 * It only observes: the producer logs and swallows what {@code onSend} throws.
 */
public final class OutcomeInterceptor implements ProducerInterceptor<Object, Object>, MetricsReporter {
    /** A record with this header is not one of the run's N messages (stage 05's ready-check names it as text). */
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
    public void init(List<KafkaMetric> metrics) {
        metrics.forEach(this::metricChange);
    }

    @Override
    public void metricChange(KafkaMetric metric) {
        if (outcomes != null && metric.metricName().name().equals("connection-count")
                && metric.metricName().group().equals("producer-metrics")) {
            outcomes.connections = () -> metric.metricValue() instanceof Number n ? n.doubleValue() : -1;
        }
    }

    @Override
    public void metricRemoval(KafkaMetric metric) {
        // read until the run ends: a closed producer's metric says 0 connections
    }

    @Override
    public void close() {
        // the outcomes outlive the producer: the summary comes after its close
    }
}
