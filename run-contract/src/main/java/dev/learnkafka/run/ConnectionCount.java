package dev.learnkafka.run;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;

/**
 * The producer's {@code connection-count} metric for the run contract (is any broker connected?), through
 * Kafka's own {@code metric.reporters} extension point, which {@link Run#yourSettings()} adds: the contract never
 * holds the lesson's producer.
 */
public final class ConnectionCount implements MetricsReporter {
    private Outcomes outcomes;

    @Override
    public void configure(Map<String, ?> configs) {
        outcomes = Outcomes.attach(configs);
    }

    @Override
    public void init(List<KafkaMetric> metrics) {
        metrics.forEach(this::metricChange);
    }

    @Override
    public void metricChange(KafkaMetric metric) {
        if (outcomes != null && metric.metricName().name().equals("connection-count")
                && metric.metricName().group().equals("producer-metrics")) {
            outcomes.connectionsFrom(() -> metric.metricValue() instanceof Number n ? n.doubleValue() : -1);
        }
    }

    @Override
    public void metricRemoval(KafkaMetric metric) {
        // read until the run ends: a closed producer's metric says 0 connections
    }

    @Override
    public void close() {
        // nothing held
    }
}
