package dev.learnkafka.producer.errors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the fault tests share: the stage's producer settings with shorter timeouts, outcomes, consuming back. */
final class Clients {
    private static final Logger log = LoggerFactory.getLogger(Clients.class);

    private Clients() {
    }

    /** The stage's settings (base + retries) for this broker, then the test's overrides. */
    static Properties producerProps(String bootstrap, Map<String, Object> overrides) {
        Properties props = ErrorMonitoringDemo.producerSettings(bootstrap, new Properties());
        props.putAll(overrides);
        return props;
    }

    /** Every event the listeners got, errors and recoveries, in the order they arrived. */
    static final class Events {
        final List<ErrorEvent> all = new CopyOnWriteArrayList<>();

        ErrorMonitor listenTo(ErrorMonitor monitor) {
            return monitor.onError(this::add).onRecovery(this::add);
        }

        private void add(ErrorEvent event) {
            log.info("Event {}", event);
            all.add(event);
        }

        List<ErrorKind> kinds() {
            return all.stream().map(ErrorEvent::kind).toList();
        }

        ErrorEvent first(ErrorKind kind) {
            return all.stream().filter(e -> e.kind() == kind).findFirst().orElseThrow();
        }
    }

    /** Each message's outcomes, counted: exactly one each is the contract. */
    static final class Outcomes {
        final Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> failed = new ConcurrentHashMap<>();
        final Map<String, Exception> errors = new ConcurrentHashMap<>();
        final Map<String, Long> failedAtNanos = new ConcurrentHashMap<>();

        /** Sends value-from..value-to through the monitor, each with a callback that counts its outcome. */
        void send(Producer<String, String> producer, ErrorMonitor monitor, String topic, int from, int to) {
            for (int i = from; i <= to; i++) {
                String value = "value-" + i;
                var record = new ProducerRecord<String, String>(topic, value);
                send(producer, monitor, record);
            }
        }

        void send(Producer<String, String> producer, ErrorMonitor monitor, ProducerRecord<String, String> record) {
            String value = record.key() != null ? record.key()
                    : record.value().length() > 40 ? "big-" + record.value().length() : record.value();
            Callback callback = monitor.track(record, (metadata, exception) -> {
                if (exception == null) {
                    delivered.computeIfAbsent(value, v -> new AtomicInteger()).incrementAndGet();
                } else {
                    errors.put(value, exception);
                    failedAtNanos.put(value, System.nanoTime());
                    failed.computeIfAbsent(value, v -> new AtomicInteger()).incrementAndGet();
                }
            });
            try {
                producer.send(record, callback);
            } catch (KafkaException e) {
                callback.onCompletion(null, e);
            }
        }

        int total() {
            return delivered.values().stream().mapToInt(AtomicInteger::get).sum()
                    + failed.values().stream().mapToInt(AtomicInteger::get).sum();
        }
    }

    /** Reads every message of the topic from the beginning to its end offsets. */
    static List<String> consumeAll(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        // only committed writes count (idempotent writes are not transactions, so this reads everything written)
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Could not read " + topic + " to its end offsets " + end);
                }
                consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }
}
