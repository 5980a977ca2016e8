package dev.learnkafka.producer.flush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.learnkafka.producer.polling.DeliveryReport;
import dev.learnkafka.producer.polling.PollingProducer;
import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The flush pool against stage 02's polling producer around a real KafkaProducer and a real broker, one that stops
 * answering where that matters. Polling stays off in every test: no setPollInterval, no poll() by the test.
 * The waves of timed-out flushes against a silent broker, and one failure report per message from close() after
 * them, are {@link EmbeddedBrokerRunTest}'s; {@link FlushPoolUnitTest} times the waves.
 */
@KafkaTest
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a hang fails the test instead of the build
class FlushPoolBrokerTest {
    /**
     * The flush's timeout in the linger test, a tenth of its linger.ms: a fresh producer's first flush waits for
     * its producer id and one produce round trip, which a busy broker took more than a second to answer
     * (allocateProducerIds alone 2.1 s at load 4); 5 s is room for that and still far below linger.ms.
     */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final int LINGER_MS = 50_000;

    /** What the delivery-report listener saw: each report, and the thread it ran on. */
    record Seen(DeliveryReport<String, String> report, String thread) {
    }

    @Test
    void shouldRunTheListenersOnTheFlushWorkerForEveryMessageSentBeforeTheFlushWithNoPoll(KafkaBroker broker)
            throws Exception {
        String topic = KafkaBroker.uniqueTopic("flush-dispatches");
        broker.createTopic(topic, 3);
        var client = new KafkaProducer<String, String>(settings(broker.bootstrapServers(), 0, 120_000));
        try (var producer = polling(client); var pool = new FlushPool(producer, 2)) {
            List<Seen> seen = listen(producer);
            client.partitionsFor(topic);
            send(producer, topic, 5);
            // linger.ms 0: the messages are delivered and their reports queued; with nobody polling, none is
            // dispatched
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(seen::isEmpty);

            FlushReport report = pool.flush(Duration.ofSeconds(30)).get(60, TimeUnit.SECONDS);

            // the blog's flush point 2: the listeners ran within the flush, on its worker, for each message sent
            assertThat(report.ok()).isTrue();
            assertThat(seen).extracting(s -> s.report().opaque())
                    .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 5).mapToObj(i -> "opaque::" + i)
                            .toList());
            assertThat(seen).allSatisfy(s -> {
                assertThat(s.thread()).isEqualTo("flush-worker-1");
                assertThat(s.report().delivered()).isTrue();
            });
        }
    }

    @Test
    void shouldCompleteAFlushInTimeWhenLingerMsIsTenTimesTheFlushTimeout(KafkaBroker broker) throws Exception {
        String topic = KafkaBroker.uniqueTopic("linger");
        broker.createTopic(topic, 3);
        var client = new KafkaProducer<String, String>(settings(broker.bootstrapServers(), LINGER_MS, 120_000));
        try (var producer = polling(client); var pool = new FlushPool(producer)) {
            List<Seen> seen = listen(producer);
            client.partitionsFor(topic);
            send(producer, topic, 5);
            // linger.ms really holds them: the producer sends nothing while nothing flushes
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(10)) // well within linger.ms
                    .until(() -> client.metrics().values().stream()
                            .filter(m -> m.metricName().name().equals("record-send-total"))
                            .mapToDouble(m -> ((Number) m.metricValue()).doubleValue()).sum() == 0);

            FlushReport report = pool.flush(TIMEOUT).get(30, TimeUnit.SECONDS);

            // The blog (librdkafka 1.0): a flush whose timeout is below linger.ms is likely to fail. Not here.
            assertThat(report.ok()).as("flush with timeout %s and linger.ms %d", TIMEOUT, LINGER_MS).isTrue();
            assertThat(seen).hasSize(5).allMatch(s -> s.report().delivered());
        }
    }

    /** The settings every stage starts from, with this stage's layer on top, as the stage builds them. */
    static Properties settings(String bootstrap, int lingerMs, int deliveryTimeoutMs) {
        return FlushDemo.producerSettings(bootstrap, new Properties(), lingerMs, deliveryTimeoutMs);
    }

    static PollingProducer<String, String> polling(KafkaProducer<String, String> client) {
        return PollingProducer.wrap(client).name("flush-test").reportValues(true).build();
    }

    static List<Seen> listen(PollingProducer<String, String> producer) {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        producer.onDeliveryReport(report -> seen.add(new Seen(report, Thread.currentThread().getName())));
        return seen;
    }

    static void send(PollingProducer<String, String> producer, String topic, int messages) {
        for (int i = 1; i <= messages; i++) {
            producer.send(new ProducerRecord<>(topic, "value-" + i), "opaque::" + i);
        }
    }
}
