package dev.learnkafka.producer.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that passes the client's {@code max.request.size} but not the topic's {@code max.message.bytes}: the
 * broker answers MESSAGE_TOO_LARGE and what the callback gets depends on whether the client can split the batch.
 * A batch of one record cannot be split: {@code RecordTooLargeException} after one round trip. A batch of several
 * is split (first into {@code batch.size} pieces, then into halves) until each record travels alone, and then each
 * fails the same way. Only a record so small (about 10 bytes of key and value) that it fits in the room a split
 * batch keeps for its neighbour's worst case stays paired: the pair is refused, split into the same pair, sent
 * again, and expires after {@code delivery.timeout.ms} with a {@code TimeoutException}.
 *
 * <p>Each topic has one partition, so that every record of a test goes into the same batch; a linger of 200 ms
 * holds the batch open while the test appends to it. {@code delivery.timeout.ms} stays short: with a long one the
 * endless splitting of a pair ends in a {@code StackOverflowError} on the producer's I/O thread (the page tells:
 * about 59,000 splits in 24 s; 14,000 were seen in 6 s here, so 5 s keeps a wide margin).
 */
@KafkaTest
@Execution(ExecutionMode.CONCURRENT) // topics and producers of their own; each mostly waits for answers
class TopicSizeLimitTest {
    private static final Logger log = LoggerFactory.getLogger(TopicSizeLimitTest.class);
    /**
     * Where the records are to expire: a short delivery timeout, so that the test waits seconds, not minutes; long
     * enough that a busy machine's stall of a second or two still leaves the pair time to be split again and again
     * (with 3 s and a 2 s request timeout, a loaded CI run once saw the pair expire unanswered, never split).
     */
    private static final int DELIVERY_TIMEOUT_MS = 5_000;
    /** The request timeout of the expiring pair: an answer slower than this is retried within the delivery timeout. */
    private static final int PAIR_REQUEST_TIMEOUT_MS = 3_000;
    /**
     * Where an answer is expected instead (RecordTooLargeException, a delivery): Kafka's 30 s request timeout and
     * twice that to deliver, so that a busy machine's slow answer is not mistaken for a timeout; the answer's
     * error still comes in one round trip, long before the records could expire.
     */
    private static final int ANSWER_DELIVERY_TIMEOUT_MS = 60_000;
    private static final String TWO_HUNDRED_BYTES = "x".repeat(200);

    @Test
    void shouldFailARecordTooLargeForTheTopicWithRecordTooLargeExceptionAtOnceWhenItTravelsAlone(KafkaBroker broker) {
        String topic = topicWithLimit(broker, 100);
        var outcomes = new Outcomes();
        double splits;
        try (Producer<String, String> producer = answerProducer(broker, topic)) {
            outcomes.send(producer, new ProducerRecord<>(topic, "alone", TWO_HUNDRED_BYTES));
            outcomes.awaitAll(1);
            splits = batchSplits(producer);
        }
        assertThat(outcomes.errors.get("alone")).isInstanceOf(RecordTooLargeException.class)
                .hasMessageContaining("larger than the max message size the server will accept");
        // one round trip, not delivery.timeout.ms (the exception's class says so too; a busy machine slows the trip)
        assertThat(outcomes.millis.get("alone")).as("ms from send to the callback, before delivery.timeout.ms")
                .isLessThan(ANSWER_DELIVERY_TIMEOUT_MS);
        assertThat(splits).as("a batch of one record is never split").isZero();
    }

    @Test
    void shouldSplitABatchOfRecordsTooLargeForTheTopicUntilEachFailsAloneWithRecordTooLargeException(
            KafkaBroker broker) {
        String topic = topicWithLimit(broker, 100);
        var outcomes = new Outcomes();
        double splits;
        try (Producer<String, String> producer = answerProducer(broker, topic)) {
            for (String key : new String[] {"r1", "r2", "r3"}) {
                outcomes.send(producer, new ProducerRecord<>(topic, key, TWO_HUNDRED_BYTES));
            }
            outcomes.awaitAll(3);
            splits = batchSplits(producer);
        }
        assertThat(outcomes.errors).containsOnlyKeys("r1", "r2", "r3")
                .allSatisfy((key, e) -> assertThat(e).isInstanceOf(RecordTooLargeException.class));
        assertThat(outcomes.millis.values()).allSatisfy(ms -> assertThat(ms).isLessThan(ANSWER_DELIVERY_TIMEOUT_MS));
        // 4.4.0: one split into batch.size pieces (16 KB: all three stay together), one into halves (one each)
        assertThat(splits).as("batch splits").isBetween(1.0, 5.0);
    }

    @Test
    void shouldDeliverRecordsThatFitTheTopicAloneAfterSplittingTheirBatch(KafkaBroker broker) {
        String topic = topicWithLimit(broker, 500); // one 200-byte record fits, three in one batch do not
        var outcomes = new Outcomes();
        double splits;
        try (Producer<String, String> producer = answerProducer(broker, topic)) {
            for (String key : new String[] {"r1", "r2", "r3"}) {
                outcomes.send(producer, new ProducerRecord<>(topic, key, TWO_HUNDRED_BYTES));
            }
            outcomes.awaitAll(3);
            splits = batchSplits(producer);
        }
        assertThat(outcomes.errors).isEmpty();
        assertThat(outcomes.delivered).containsOnlyKeys("r1", "r2", "r3");
        assertThat(splits).as("batch splits").isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void shouldExpireTinyRecordsThatNoSplitCanSeparateWithTimeoutExceptionAfterDeliveryTimeout(KafkaBroker broker) {
        String topic = topicWithLimit(broker, 10); // no batch fits: the header alone is 61 bytes
        var outcomes = new Outcomes();
        double splits;
        try (Producer<String, String> producer = producer(broker, topic)) {
            warmUp(broker, producer); // the pair's clock measures its splits, not the connection and producer id
            // no key, 7 bytes of value: each record is 14 bytes in the batch, the two together 28, and a split
            // batch has room for one record's worst case: 24 bytes + key + value = 31. They are never separated.
            outcomes.send(producer, new ProducerRecord<>(topic, "value-1"));
            outcomes.send(producer, new ProducerRecord<>(topic, "value-2"));
            outcomes.awaitAll(2);
            splits = batchSplits(producer);
        }
        // TimeoutException either way: "Expiring 2 record(s)" when the batch expires between two tries, or the
        // request's own timeout when a busy broker had not answered the try in flight at the deadline
        assertThat(outcomes.errors).containsOnlyKeys("value-1", "value-2").allSatisfy((key, e) ->
                assertThat(e).isInstanceOf(TimeoutException.class));
        // the batch's clock starts when value-1 opens it (value-2 joins a little later)
        assertThat(outcomes.millis.get("value-1")).isGreaterThanOrEqualTo(DELIVERY_TIMEOUT_MS - 10L);
        assertThat(outcomes.millis.get("value-2")).isGreaterThan(DELIVERY_TIMEOUT_MS / 2L);
        // two records need one split to travel apart; more splits mean the same pair was split again (how many
        // times in delivery.timeout.ms depends on how fast the machine is: 89 to several hundred were seen)
        assertThat(splits).as("the same pair, split again and again").isGreaterThan(2.0);

        // the contrast: one tiny record alone on the same topic fails at once, not after delivery.timeout.ms
        var alone = new Outcomes();
        try (Producer<String, String> producer = answerProducer(broker, topic)) {
            alone.send(producer, new ProducerRecord<>(topic, "value-3"));
            alone.awaitAll(1);
        }
        assertThat(alone.errors.get("value-3")).isInstanceOf(RecordTooLargeException.class);
        assertThat(alone.millis.get("value-3")).isLessThan(ANSWER_DELIVERY_TIMEOUT_MS);
    }

    private static String topicWithLimit(KafkaBroker broker, int maxMessageBytes) {
        String topic = KafkaBroker.uniqueTopic("limit" + maxMessageBytes);
        broker.createTopic(topic, 1, 1, Map.of("max.message.bytes", String.valueOf(maxMessageBytes)));
        return topic;
    }

    /** The stage's settings (idempotence, acks=all) with a short delivery timeout; metadata fetched already. */
    private static Producer<String, String> producer(KafkaBroker broker, String topic) {
        return producer(broker, topic, PAIR_REQUEST_TIMEOUT_MS, DELIVERY_TIMEOUT_MS);
    }

    /** One record delivered to a topic without a limit: the producer is connected and has its producer id. */
    private static void warmUp(KafkaBroker broker, Producer<String, String> producer) {
        String plain = KafkaBroker.uniqueTopic("limit-warmup");
        broker.createTopic(plain, 1, 1, Map.of());
        // a record may expire on a stalled machine with these short timeouts: send again until one is delivered
        await().atMost(Duration.ofMillis(ANSWER_DELIVERY_TIMEOUT_MS)).until(() -> {
            var warm = new Outcomes();
            warm.send(producer, new ProducerRecord<>(plain, "warm", "up"));
            warm.awaitAll(1);
            return warm.delivered.containsKey("warm");
        });
    }

    /** The same, with Kafka's request timeout: for records whose answer is the point. */
    private static Producer<String, String> answerProducer(KafkaBroker broker, String topic) {
        return producer(broker, topic, 30_000, ANSWER_DELIVERY_TIMEOUT_MS);
    }

    private static Producer<String, String> producer(KafkaBroker broker, String topic, int requestTimeoutMs,
                                                     int deliveryTimeoutMs) {
        var producer = new KafkaProducer<String, String>(Clients.producerProps(broker.bootstrapServers(), Map.of(
                ProducerConfig.LINGER_MS_CONFIG, 200,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMs,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, deliveryTimeoutMs)));
        producer.partitionsFor(topic); // so that send() only appends: the records of a test share one batch
        return producer;
    }

    /** The producer's count of batches it split after a MESSAGE_TOO_LARGE answer. */
    private static double batchSplits(Producer<String, String> producer) {
        double splits = producer.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("producer-metrics")
                        && e.getKey().name().equals("batch-split-total"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .sum();
        log.info("batch-split-total {}", splits);
        return splits;
    }

    /** Each record's outcome by key (by value when it has none), and the milliseconds from send() to callback. */
    private static final class Outcomes {
        final Map<String, RecordMetadata> delivered = new ConcurrentHashMap<>();
        final Map<String, Exception> errors = new ConcurrentHashMap<>();
        final Map<String, Long> millis = new ConcurrentHashMap<>();

        void send(Producer<String, String> producer, ProducerRecord<String, String> record) {
            String name = record.key() != null ? record.key() : record.value();
            long sent = System.nanoTime();
            producer.send(record, (metadata, exception) -> {
                millis.put(name, (System.nanoTime() - sent) / 1_000_000);
                log.info("{} after {} ms: {}", name, millis.get(name),
                        exception == null ? String.valueOf(metadata) : exception.toString());
                if (exception == null) {
                    delivered.put(name, metadata);
                } else {
                    errors.put(name, exception);
                }
            });
        }

        /** Waits for the callbacks without flush(): if the I/O thread died, flush() would never return. */
        void awaitAll(int expected) {
            // every outcome comes by its producer's delivery timeout; this only ends a hang
            await().atMost(Duration.ofMillis(ANSWER_DELIVERY_TIMEOUT_MS + 10_000L))
                    .until(() -> delivered.size() + errors.size() == expected);
        }
    }
}
