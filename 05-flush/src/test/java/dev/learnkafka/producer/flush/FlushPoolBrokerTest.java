package dev.learnkafka.producer.flush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.learnkafka.broker.LocalKafka;
import dev.learnkafka.producer.highlevel.ProducerSettings;
import dev.learnkafka.producer.polling.DeliveryReport;
import dev.learnkafka.producer.polling.PollingProducer;
import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import dev.learnkafka.testing.PrivateBroker;
import dev.learnkafka.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The flush pool against stage 02's polling producer around a real KafkaProducer and a real broker, one that stops
 * answering where that matters. Polling stays off in every test: no setPollInterval, no poll() by the test.
 */
@KafkaTest
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a hang fails the test instead of the build
class FlushPoolBrokerTest {
    private static final Duration TIMEOUT = Duration.ofMillis(1000);

    /** What the delivery-report listener saw: each report, and the thread it ran on. */
    private record Seen(DeliveryReport<String, String> report, String thread) {
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
    void shouldTimeOutInTwoWavesWhenTwoThreadsServeFourFlushesAndTheBrokerIsSilent(@PrivateBroker LocalKafka k)
            throws Exception {
        String topic = KafkaBroker.uniqueTopic("waves");
        k.createTopic(topic, 3, 1);
        // a delivery timeout just above the minimum: after the waves, close() waits for the messages to expire
        var client = new KafkaProducer<String, String>(settings(k.bootstrapServers(), 0, 6_000));
        List<Seen> seen;
        try (var producer = polling(client); var pool = new FlushPool(producer, 2)) {
            seen = listen(producer);
            client.partitionsFor(topic); // ready: metadata is known, so send() does not wait for it
            BrokerOutage.sendReadyCheck(client, topic); // and the producer id, or nothing would ever expire
            k.stop();
            send(producer, topic, 5);

            long origin = System.nanoTime();
            List<CompletableFuture<FlushReport>> flushes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                flushes.add(pool.flush(TIMEOUT));
            }
            List<FlushReport> r = new ArrayList<>();
            for (var flush : flushes) {
                r.add(FlushPoolTest.timedOutReport(flush));
            }

            long firstWaveEnd = Math.min(r.get(0).endedNanos(), r.get(1).endedNanos());
            long firstWaveLastEnd = Math.max(r.get(0).endedNanos(), r.get(1).endedNanos());
            for (FlushReport secondWave : r.subList(2, 4)) {
                // it could only start once a worker of the first wave was freed, and it ended after both
                assertThat(secondWave.startedNanos()).isGreaterThanOrEqualTo(firstWaveEnd);
                assertThat(secondWave.endedNanos()).isGreaterThan(firstWaveLastEnd);
                assertThat(secondWave.endedMs(origin)).isGreaterThanOrEqualTo(2 * TIMEOUT.toMillis());
            }
            assertThat(r).allSatisfy(report -> assertThat(report.flushing()).isGreaterThanOrEqualTo(TIMEOUT));
            assertThat(FlushTimeline.waves(r, origin)).extracting(FlushTimeline.Wave::flushes)
                    .containsExactly(List.of(1, 2), List.of(3, 4));

            assertThat(seen).isEmpty();
        } // the pool, then the producer: close waits until the messages expire and dispatches their reports
        assertThat(seen).hasSize(5).noneMatch(s -> s.report().delivered())
                .extracting(s -> s.report().opaque()).doesNotHaveDuplicates();
    }

    @Test
    void shouldDeliverEveryMessageExactlyOnceWhenTheBrokerAnswersAgainAfterTimedOutFlushes(
            @PrivateBroker LocalKafka k) throws Exception {
        String topic = KafkaBroker.uniqueTopic("after-timeouts");
        k.createTopic(topic, 3, 1);
        int messages = 20;
        List<Seen> seen;
        var client = new KafkaProducer<String, String>(settings(k.bootstrapServers(), 0, 120_000));
        try (var producer = polling(client); var pool = new FlushPool(producer, 2)) {
            seen = listen(producer);
            client.partitionsFor(topic);
            BrokerOutage.sendReadyCheck(client, topic);
            k.stop();
            send(producer, topic, messages);
            for (int i = 0; i < 3; i++) {
                FlushPoolTest.timedOutReport(pool.flush(TIMEOUT)); // interrupted out of KafkaProducer.flush()
            }
            assertThat(seen).as("no report before the broker answers").isEmpty();

            k.start();

            // the records were still in the producer: a new flush now sees them all delivered and dispatches
            // their reports before it completes
            assertThat(pool.flush(Duration.ofSeconds(60)).get(90, TimeUnit.SECONDS).ok()).isTrue();
            assertThat(seen).hasSize(messages).allMatch(s -> s.report().delivered());
        }
        Map<Object, Long> reportsPerMessage = seen.stream()
                .collect(Collectors.groupingBy(s -> s.report().opaque(), Collectors.counting()));
        assertThat(reportsPerMessage).hasSize(messages).allSatisfy((opaque, count) -> assertThat(count).isOne());
        Map<String, Long> copiesPerValue = consumeAll(k.bootstrapServers(), topic, messages + 1).stream()
                .map(ConsumerRecord::value)
                .filter(value -> !value.equals("ready-check"))
                .collect(Collectors.groupingBy(value -> value, Collectors.counting()));
        assertThat(copiesPerValue).hasSize(messages).allSatisfy((value, count) -> assertThat(count).isOne());
    }

    @Test
    void shouldCompleteAFlushInTimeWhenLingerMsIsTenTimesTheFlushTimeout(KafkaBroker broker) throws Exception {
        String topic = KafkaBroker.uniqueTopic("linger");
        broker.createTopic(topic, 3);
        var client = new KafkaProducer<String, String>(settings(broker.bootstrapServers(), 10_000, 120_000));
        try (var producer = polling(client); var pool = new FlushPool(producer)) {
            List<Seen> seen = listen(producer);
            client.partitionsFor(topic);
            send(producer, topic, 5);
            // linger.ms really holds them: the producer sends nothing while nothing flushes
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> client.metrics().values().stream()
                            .filter(m -> m.metricName().name().equals("record-send-total"))
                            .mapToDouble(m -> ((Number) m.metricValue()).doubleValue()).sum() == 0);

            FlushReport report = pool.flush(TIMEOUT).get(30, TimeUnit.SECONDS);

            // The blog (librdkafka 1.0): a flush whose timeout is below linger.ms is likely to fail. Not here.
            assertThat(report.ok()).as("flush with timeout %s and linger.ms 10000", TIMEOUT).isTrue();
            assertThat(seen).hasSize(5).allMatch(s -> s.report().delivered());
        }
    }

    /** Stage 01's settings with the stage's layer on top, as the stage builds them. */
    static Properties settings(String bootstrap, int lingerMs, int deliveryTimeoutMs) {
        Properties props = ProducerSettings.base(bootstrap);
        props.putAll(FlushOptions.layer(lingerMs, deliveryTimeoutMs));
        return props;
    }

    private static PollingProducer<String, String> polling(KafkaProducer<String, String> client) {
        return PollingProducer.wrap(client).name("flush-test").reportValues(true).build();
    }

    private static List<Seen> listen(PollingProducer<String, String> producer) {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        producer.onDeliveryReport(report -> seen.add(new Seen(report, Thread.currentThread().getName())));
        return seen;
    }

    private static void send(PollingProducer<String, String> producer, String topic, int messages) {
        for (int i = 1; i <= messages; i++) {
            producer.send(new ProducerRecord<>(topic, "value-" + i), "opaque::" + i);
        }
    }

    static List<ConsumerRecord<String, String>> consumeAll(String bootstrap, String topic, int expected) {
        return TopicReader.readAll(bootstrap, topic, expected);
    }
}
