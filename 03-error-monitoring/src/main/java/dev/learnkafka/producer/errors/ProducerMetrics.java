package dev.learnkafka.producer.errors;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.Producer;

/**
 * Under the hood of {@link ErrorMonitor}: one reading of the producer's own metrics (group
 * {@code producer-metrics}: {@code connection-count}, {@code connection-close-total}, ...), and how much a counter
 * grew since an earlier reading. The Kafka documentation lists them under "Producer Monitoring".
 */
record ProducerMetrics(Map<String, Double> values) {
    /** Before the first reading: every counter at 0. */
    static final ProducerMetrics NONE = new ProducerMetrics(Map.of());

    static ProducerMetrics read(Producer<?, ?> producer) {
        Map<String, Double> values = new HashMap<>();
        producer.metrics().forEach((name, metric) -> {
            if (name.group().equals("producer-metrics") && metric.metricValue() instanceof Double d) {
                values.putIfAbsent(name.name(), d);
            }
        });
        return new ProducerMetrics(values);
    }

    /** The metric's value; 0 when the producer has none of that name (yet). */
    double get(String metric) {
        return values.getOrDefault(metric, 0.0);
    }

    /**
     * True when {@code before} had the connection metrics and this reading has lost some: a closing producer
     * removes them one by one, right after it closed its connections itself.
     */
    boolean closedSince(ProducerMetrics before) {
        return before.values.containsKey("connection-count") && !(values.containsKey("connection-count")
                && values.containsKey("connection-close-total") && values.containsKey("connection-creation-total"));
    }

    /** How much a counter ({@code ...-total}) grew since {@code before}. */
    double grewSince(ProducerMetrics before, String metric) {
        return get(metric) - before.get(metric);
    }
}
