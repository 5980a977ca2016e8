package dev.learnkafka.producer.flush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.learnkafka.broker.LocalKafka;
import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import dev.learnkafka.testing.PrivateBroker;
import dev.learnkafka.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A broker that stops answering and then answers again, once for the stage as a reader runs it (in this JVM, see
 * {@link InJvm}) and once for the flush pool around a real KafkaProducer: nothing is lost or duplicated. The tests
 * take turns on one private broker, each stopping and starting it, instead of paying a broker's start each.
 */
@KafkaTest
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a hang fails the test instead of the build
class BrokerComesBackTest {
    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final Duration TIMEOUT = Duration.ofMillis(1000);
    /** Each test stops it and starts it again, with topics of its own. */
    private static LocalKafka k;

    @BeforeAll
    static void privateBroker(@PrivateBroker LocalKafka kafka) {
        k = kafka;
    }

    @BeforeEach
    void running() {
        k.start(); // at once when it runs; after a test that failed while it was stopped, the same broker again
    }

    @Test
    void shouldWaitForTheReaderToStopTheirBrokerAndDeliverEveryMessageOnceWhenItIsBack()
            throws Exception {
        String topic = KafkaBroker.uniqueTopic("run05-recipe");
        k.createTopic(topic, 3, 1);
        // the run on a thread of its own: the test is the reader meanwhile
        var running = new FutureTask<>(() -> InJvm.run(
                Map.of("KAFKA_BOOTSTRAP_SERVERS", k.bootstrapServers(), "KAFKA_TOPIC", topic),
                "--broker", "stop", "--flushes", "4", "--flush-threads", "2", "--flush-timeout-ms", "1000",
                "--delivery-timeout-ms", "60000"));
        new Thread(running, "stage-05-run").start();

        // The reader stops the broker when the stage says it is ready; the test sees the ready-check record.
        awaitValue(k.bootstrapServers(), topic, "ready-check");
        k.stop();
        k.start();
        var run = running.get(LIMIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stdout())
                .contains("Ready: now stop the broker at " + k.bootstrapServers())
                .contains("The broker at " + k.bootstrapServers() + " no longer answers.")
                .contains("Delivered 5 of 5 messages.");
        // the run closed its producer: every record it wrote is below the end offsets
        Map<String, Long> copies = TopicReader.readToEnd(k.bootstrapServers(), topic).stream()
                .collect(Collectors.groupingBy(ConsumerRecord::value, Collectors.counting()));
        assertThat(copies).containsOnlyKeys("ready-check", "value-1", "value-2", "value-3", "value-4", "value-5")
                .allSatisfy((value, count) -> assertThat(count).isOne());
    }

    /** Waits until the topic holds the value; reads every partition without a consumer group (none to set up). */
    private static void awaitValue(String bootstrap, String topic, String value) {
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, LIMIT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(LIMIT).until(() -> {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value().equals(value)) {
                        return true;
                    }
                }
                return false;
            });
        }
    }

    @Test
    void shouldDeliverEveryMessageExactlyOnceWhenTheBrokerAnswersAgainAfterTimedOutFlushes()
            throws Exception {
        String topic = KafkaBroker.uniqueTopic("after-timeouts");
        k.createTopic(topic, 3, 1);
        int messages = 20;
        List<FlushPoolBrokerTest.Seen> seen;
        var client = new KafkaProducer<String, String>(FlushPoolBrokerTest.settings(k.bootstrapServers(), 0, 120_000));
        try (var producer = FlushPoolBrokerTest.polling(client); var pool = new FlushPool(producer, 2)) {
            seen = FlushPoolBrokerTest.listen(producer);
            client.partitionsFor(topic);
            BrokerOutage.sendReadyCheck(client, topic);
            k.stop();
            FlushPoolBrokerTest.send(producer, topic, messages);
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
        Map<String, Long> copiesPerValue = TopicReader.readToEnd(k.bootstrapServers(), topic).stream()
                .map(ConsumerRecord::value)
                .filter(value -> !value.equals("ready-check"))
                .collect(Collectors.groupingBy(value -> value, Collectors.counting()));
        assertThat(copiesPerValue).hasSize(messages).allSatisfy((value, count) -> assertThat(count).isOne());
    }
}
