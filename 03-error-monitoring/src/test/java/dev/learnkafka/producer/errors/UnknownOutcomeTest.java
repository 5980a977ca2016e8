package dev.learnkafka.producer.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.learnkafka.broker.Ports;
import dev.learnkafka.run.Outcome;
import dev.learnkafka.testing.BrokerProcess;
import dev.learnkafka.testing.TopicReader;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A delivery timeout does not mean "not written". The broker is frozen (SIGSTOP) while messages are in flight,
 * longer than delivery.timeout.ms, then thawed: the client has given up on those messages, yet the broker still
 * reads the requests waiting in its sockets and may write them. So the run contract calls them UNKNOWN, never
 * FAILED: a reader who resends them may write them twice.
 */
@Tag("broker")
class UnknownOutcomeTest {
    private static final int MESSAGES = 20_000;

    @Test
    void shouldNeverFindAFailedMessageInTheTopicAndAlwaysFindADeliveredOne(@TempDir Path dir) throws Exception {
        String topic = "frozen";
        Map<Outcome, Set<String>> byOutcome = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            byOutcome.put(o, ConcurrentHashMap.newKeySet());
        }
        AtomicInteger told = new AtomicInteger();
        Map<String, AtomicInteger> errors = new ConcurrentHashMap<>(); // what the callbacks got, by exception class
        int port = Ports.freePort();
        try (BrokerProcess broker = BrokerProcess.start(port, dir.resolve("data"), topic, 3)) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 4_000);
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
            props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            props.put(ProducerConfig.BATCH_SIZE_CONFIG, 2_048); // many small requests, some in flight at the stop
            var producer = new KafkaProducer<String, String>(props);
            try {
                // the idempotent producer must have its producer id before the broker freezes: a producer still
                // waiting for it would wait for the frozen broker, and nothing would be in flight
                producer.send(new ProducerRecord<>(topic, "ready-check")).get(30, TimeUnit.SECONDS);
                // one message the client refuses for good (above max.request.size): FAILED, never written
                String huge = "x".repeat(2 * 1024 * 1024);
                producer.send(new ProducerRecord<>(topic, huge), (metadata, e) ->
                        byOutcome.get(Outcome.of(metadata, e)).add(huge));
                for (int i = 0; i < MESSAGES; i++) {
                    String value = "value-" + i;
                    producer.send(new ProducerRecord<>(topic, value), (metadata, e) -> {
                        byOutcome.get(Outcome.of(metadata, e)).add(value);
                        if (e != null) {
                            errors.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicInteger())
                                    .incrementAndGet();
                        }
                        told.incrementAndGet();
                    });
                    if (i == MESSAGES / 10) {
                        await("a first delivery").atMost(Duration.ofSeconds(30))
                                .until(() -> !byOutcome.get(Outcome.DELIVERED).isEmpty());
                        broker.freeze(); // SIGSTOP while the rest is buffered or in flight
                    }
                }
                await("every message told").atMost(Duration.ofSeconds(60)).until(() -> told.get() == MESSAGES);
            } finally {
                broker.thaw(); // before closing: a close waits for requests to a frozen broker
                producer.close(Duration.ofSeconds(30));
            }
            Set<String> inTopic = new HashSet<>();
            TopicReader.readToEnd(broker.bootstrapServers(), topic)
                    .forEach(r -> inTopic.add(r.value()));

            // what each outcome holds, should an assertion fail. A loaded run once had no unknown message: when a
            // request's own request.timeout.ms fires after delivery.timeout.ms ran out, the client fails its batch
            // with a NetworkException, not a TimeoutException; Outcome once called that FAILED. Both are UNKNOWN.
            String counts = "delivered " + byOutcome.get(Outcome.DELIVERED).size() + ", failed "
                    + byOutcome.get(Outcome.FAILED).size() + ", unknown " + byOutcome.get(Outcome.UNKNOWN).size()
                    + ", in the topic " + inTopic.size() + ", errors " + errors;
            assertThat(byOutcome.get(Outcome.UNKNOWN)).as("messages the client gave up on (%s)", counts).isNotEmpty();
            assertThat(byOutcome.get(Outcome.FAILED)).as("only the record too large fails (%s)", counts).hasSize(1);
            assertThat(inTopic).containsAll(byOutcome.get(Outcome.DELIVERED));
            assertThat(inTopic).doesNotContainAnyElementsOf(byOutcome.get(Outcome.FAILED));
            Set<String> unknownButWritten = new HashSet<>(byOutcome.get(Outcome.UNKNOWN));
            unknownButWritten.retainAll(inTopic);
            System.out.printf("SIGSTOP: delivered %d, failed %d, unknown %d of which %d are in the topic; %s%n",
                    byOutcome.get(Outcome.DELIVERED).size(), byOutcome.get(Outcome.FAILED).size(),
                    byOutcome.get(Outcome.UNKNOWN).size(), unknownButWritten.size(), errors);
        }
    }
}
