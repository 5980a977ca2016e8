package dev.learnkafka.producer.flush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.learnkafka.broker.LocalKafka;
import dev.learnkafka.producer.highlevel.Delivery;
import dev.learnkafka.producer.highlevel.HighLevelProducer;
import dev.learnkafka.run.TutorialEnvironment;
import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import dev.learnkafka.testing.PrivateBroker;
import dev.learnkafka.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The flush pool against a real producer and a real broker, one that stops answering where that matters. */
@KafkaTest
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a hang fails the test instead of the build
class FlushPoolBrokerTest {
    private static final Duration TIMEOUT = Duration.ofMillis(1000);

    @Test
    void shouldTimeOutInTwoWavesWhenTwoThreadsServeFourFlushesAndTheBrokerIsSilent(@PrivateBroker LocalKafka k)
            throws Exception {
        String topic = KafkaBroker.uniqueTopic("waves");
        k.createTopic(topic, 3, 1);
        var producer = new KafkaProducer<String, String>(settings(k.bootstrapServers(), 0));
        List<Delivery> deliveries = List.of();
        try (var pool = new FlushPool(producer, 2)) {
            producer.partitionsFor(topic); // ready: metadata is known, so send() does not wait for it
            FlushingProducer.sendReadyCheck(producer, topic); // and the producer id, or nothing would ever expire
            k.stop();
            deliveries = HighLevelProducer.send(producer, topic, 5);

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

            assertThat(deliveries).isEmpty();
        } finally {
            // Not waiting for delivery.timeout.ms here: a forced close fails what is still buffered, once each.
            producer.close(Duration.ZERO);
        }
        assertThat(deliveries).hasSize(5).noneMatch(Delivery::delivered)
                .extracting(Delivery::value).doesNotHaveDuplicates();
    }

    @Test
    void shouldDeliverEveryMessageExactlyOnceWhenTheBrokerAnswersAgainAfterTimedOutFlushes(
            @PrivateBroker LocalKafka k) throws Exception {
        String topic = KafkaBroker.uniqueTopic("after-timeouts");
        k.createTopic(topic, 3, 1);
        int messages = 20;
        List<Delivery> deliveries;
        try (var producer = new KafkaProducer<String, String>(settings(k.bootstrapServers(), 0));
             var pool = new FlushPool(producer, 2)) {
            producer.partitionsFor(topic);
            FlushingProducer.sendReadyCheck(producer, topic);
            k.stop();
            deliveries = HighLevelProducer.send(producer, topic, messages);
            for (int i = 0; i < 3; i++) {
                FlushPoolTest.timedOutReport(pool.flush(TIMEOUT)); // interrupted out of KafkaProducer.flush()
            }
            assertThat(deliveries).as("no outcome before the broker answers").isEmpty();

            k.start();

            // the records were still in the producer: a new flush now sees them all delivered
            assertThat(pool.flush(Duration.ofSeconds(60)).get(90, TimeUnit.SECONDS).ok()).isTrue();
            assertThat(deliveries).hasSize(messages).allMatch(Delivery::delivered);
        }
        Map<String, Long> callbacksPerValue = deliveries.stream()
                .collect(Collectors.groupingBy(Delivery::value, Collectors.counting()));
        assertThat(callbacksPerValue).hasSize(messages).allSatisfy((value, count) -> assertThat(count).isOne());
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
        try (var producer = new KafkaProducer<String, String>(settings(broker.bootstrapServers(), 10_000));
             var pool = new FlushPool(producer)) {
            producer.partitionsFor(topic);
            List<Delivery> deliveries = HighLevelProducer.send(producer, topic, 5);
            // linger.ms really holds them: no delivery while nothing flushes
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(deliveries::isEmpty);

            FlushReport report = pool.flush(TIMEOUT).get(30, TimeUnit.SECONDS);

            // The blog (librdkafka 1.0): a flush whose timeout is below linger.ms is likely to fail. Not here.
            assertThat(report.ok()).as("flush with timeout %s and linger.ms 10000", TIMEOUT).isTrue();
            assertThat(deliveries).hasSize(5).allMatch(Delivery::delivered);
        }
    }

    /** The stage's own settings, with a delivery timeout long enough for the broker to come back. */
    static Properties settings(String bootstrap, int lingerMs) {
        var options = new FlushingProducer.Options(5, 1, 1, TIMEOUT, lingerMs, false, 120_000);
        return FlushingProducer.settings(bootstrap, TutorialEnvironment.of(Map.of()), options);
    }

    static List<ConsumerRecord<String, String>> consumeAll(String bootstrap, String topic, int expected) {
        return TopicReader.readAll(bootstrap, topic, expected);
    }
}
