package dev.learnkafka.producer.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.learnkafka.broker.LocalKafka;
import dev.learnkafka.run.ExitCode;
import dev.learnkafka.testing.KafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults 4 and 5, errors no retry can fix: a record too large to send, a topic that does not exist; and a buffer
 * that fills faster than the broker empties it. One broker
 * with topic auto-creation off serves this class (as {@code @PrivateBroker(config = "auto.create.topics.enable=false")}
 * would, started once for the class), and the stage's own runs.
 */
// the stage's runs go in this JVM (InJvmStage: one at a time, their output captured per run)
@Tag("broker")
class PermanentErrorsTest {
    private static LocalKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = LocalKafka.builder().brokerConfig("auto.create.topics.enable", "false").build().start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    private static void createTopic(String topic) {
        kafka.createTopic(topic, 3, 1);
        try (Admin admin = kafka.admin()) {
            KafkaBroker.awaitLeaders(admin, topic, 3);
        }
    }

    @Test
    void shouldFailOnlyTheRecordLargerThanMaxRequestSizeWithAPermanentError() {
        String topic = KafkaBroker.uniqueTopic("large");
        createTopic(topic);
        var events = new Clients.Events();
        var outcomes = new Clients.Outcomes();
        try (Producer<String, String> producer = new KafkaProducer<>(Clients.producerProps(kafka.bootstrapServers(),
                Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 100_000)));
             ErrorMonitor monitor = events.listenTo(new ErrorMonitor(producer, kafka.bootstrapServers(),
                     Duration.ofSeconds(5))).start(Duration.ofMillis(50))) {

            outcomes.send(producer, monitor, topic, 1, 5);
            outcomes.send(producer, monitor, new ProducerRecord<>(topic, "x".repeat(200_000)));
            outcomes.send(producer, monitor, topic, 6, 10);
            producer.flush();
            await().atMost(Duration.ofSeconds(5)).until(() -> events.kinds().contains(ErrorKind.RECORD_TOO_LARGE));
        }
        assertThat(outcomes.delivered).hasSize(10).containsOnlyKeys(
                "value-1", "value-2", "value-3", "value-4", "value-5", "value-6", "value-7", "value-8", "value-9",
                "value-10");
        assertThat(outcomes.failed).containsOnlyKeys("big-200000");
        assertThat(outcomes.errors.get("big-200000")).isInstanceOf(RecordTooLargeException.class);
        // (a RETRYING event may come too, if a partition's leader was still loading: that is not this message's)
        assertThat(events.all).filteredOn(e -> !e.retriable()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.RECORD_TOO_LARGE);
            assertThat(e.retriable()).isFalse();
            assertThat(e.fatal()).isFalse();
            assertThat(e.cause()).isInstanceOf(RecordTooLargeException.class);
            assertThat(e.message()).contains(topic).contains("max.request.size");
        });
    }

    @Test
    void shouldReportAFullBufferWhenSendsOutrunTheBroker() {
        String topic = KafkaBroker.uniqueTopic("full");
        createTopic(topic);
        var events = new Clients.Events();
        var outcomes = new Clients.Outcomes();
        try (Producer<String, String> producer = new KafkaProducer<>(Clients.producerProps(kafka.bootstrapServers(),
                Map.of(ProducerConfig.BUFFER_MEMORY_CONFIG, 1_000_000,
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 900_000,
                        // send() may not wait for room at all: a full buffer fails the send at once
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, 0)));
             ErrorMonitor monitor = events.listenTo(new ErrorMonitor(producer, kafka.bootstrapServers(),
                     Duration.ofSeconds(5))).start(Duration.ofMillis(50))) {
            // with max.block.ms=0 send() cannot wait for metadata either: have it cached first
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> !producer.partitionsFor(topic).isEmpty());

            for (int i = 1; i <= 20; i++) {  // 20 x 300 KB into a 1 MB buffer, faster than the broker takes them
                outcomes.send(producer, monitor, new ProducerRecord<>(topic, "r" + i, "x".repeat(300_000)));
            }
            producer.flush();
            await().atMost(Duration.ofSeconds(5)).until(() -> events.kinds().contains(ErrorKind.BUFFER_EXHAUSTED));
        }
        assertThat(outcomes.total()).isEqualTo(20);
        assertThat(outcomes.delivered).isNotEmpty();
        assertThat(outcomes.errors.values()).isNotEmpty()
                .allSatisfy(e -> assertThat(e).isInstanceOf(BufferExhaustedException.class));
        // an event for each episode, not for each failed send: how many episodes the sends fall into depends on
        // how the monitor's checks (every 50 ms) fall between them on this machine; that one episode gives one
        // event is ErrorMonitorUnitTest's, with a clock of its own
        assertThat(events.all).filteredOn(e -> e.kind() == ErrorKind.BUFFER_EXHAUSTED).isNotEmpty()
                .hasSizeLessThanOrEqualTo(outcomes.errors.size())
                .allSatisfy(e -> assertThat(e.message()).contains("buffer.memory full"));
        ErrorEvent event = events.first(ErrorKind.BUFFER_EXHAUSTED);
        assertThat(event.retriable()).isTrue();
        assertThat(event.fatal()).isFalse();
    }

    @Test
    void shouldNameTheMissingTopicWithinMaxBlockMs() {
        String topic = KafkaBroker.uniqueTopic("missing");
        int maxBlockMs = 1_500;
        var events = new Clients.Events();
        var outcomes = new Clients.Outcomes();
        long started;
        try (Producer<String, String> producer = new KafkaProducer<>(Clients.producerProps(kafka.bootstrapServers(),
                Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs)));
             ErrorMonitor monitor = events.listenTo(new ErrorMonitor(producer, kafka.bootstrapServers(),
                     Duration.ofSeconds(5))).start(Duration.ofMillis(50))) {

            started = System.nanoTime();
            outcomes.send(producer, monitor, topic, 1, 1);
            await().atMost(Duration.ofSeconds(3)).until(() -> events.kinds().contains(ErrorKind.UNKNOWN_TOPIC));
        }
        ErrorEvent event = events.first(ErrorKind.UNKNOWN_TOPIC);
        assertThat(event.message()).contains("Topic " + topic + " does not exist");
        assertThat(event.fatal()).isFalse();
        assertThat(event.cause()).isInstanceOf(TimeoutException.class);
        assertThat(outcomes.failedAtNanos.get("value-1") - started).isGreaterThanOrEqualTo((maxBlockMs - 5) * 1_000_000L); // Kafka times it in ms
        assertThat(outcomes.failed).containsOnlyKeys("value-1");
        assertThat(events.kinds()).doesNotContain(ErrorKind.BROKER_UNREACHABLE);
    }

    @Test
    void shouldPrintTheSummaryAndExitZeroWhenEveryMessageIsDelivered() throws Exception {
        String topic = KafkaBroker.uniqueTopic("run03");
        createTopic(topic);

        var run = Stage03.inJvm(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "KAFKA_TOPIC", topic));

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stdout()).contains("Producer ready: metadata for " + topic)
                .contains("Delivered 5 of 5 messages.")
                .doesNotContain("Error ");
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void shouldReportEachFailedDeliveryAsAnEventAndExitOneWithTheSummary(@TempDir Path dir) throws Exception {
        String topic = KafkaBroker.uniqueTopic("tiny");
        // the broker takes no batch above 10 bytes on this topic: no message can be written
        kafka.createTopic(topic, 3, 1, Map.of("max.message.bytes", "10"));
        try (Admin admin = kafka.admin()) {
            KafkaBroker.awaitLeaders(admin, topic, 3);
        }
        // and the client takes none above 10 bytes either (max.request.size): each send() fails at once with
        // RecordTooLargeException, handed to its callback, one message at a time. A batch the broker refuses is
        // not as exact: whether messages share a batch depends on timing, and a shared batch of tiny messages is
        // split and resent until delivery.timeout.ms, a TimeoutException each (seen: "failed 1, unknown 2" with
        // batch.size=1, two records fitting one batch's buffer); TopicSizeLimitTest shows those cases.
        Path config = Files.writeString(dir.resolve("client.properties"), "max.request.size=10\n");

        var run = Stage03.inJvm(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "KAFKA_TOPIC", topic,
                "KAFKA_CLIENT_CONFIG", config.toString()), "--messages", "3", "--poll-interval-ms", "100");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.FAILED);
        // exit 1 is also what a run that could not reach the broker ends with: the whole output says which
        assertThat(run.stdout()).as(run.output()).contains("Delivered 0, failed 3 of 3 messages.");
        for (int i = 1; i <= 3; i++) {
            assertThat(run.stdout()).contains("Error delivering message opaque::" + i + ": "
                    + "org.apache.kafka.common.errors.RecordTooLargeException");
        }
        assertThat(run.stdout().lines().filter(l -> l.contains("Error RECORD_TOO_LARGE (permanent)")).count())
                .isEqualTo(3);
    }

    @Test
    void shouldNeverReportAnErrorInHealthyRunsHoweverTheirEndFallsBetweenTheMonitorsChecks() throws Exception {
        String topic = KafkaBroker.uniqueTopic("healthy");
        createTopic(topic);
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "KAFKA_TOPIC", topic);
        // in this JVM, so that 20 runs take seconds
        List<String> stageLines = new ArrayList<>();
        List<Integer> codes = new ArrayList<>();
        StringBuilder err = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            var run = Stage03.inJvm(env, "--messages", "3", "--poll-interval-ms", "10");
            codes.add(run.exitCode());
            run.stdout().lines().filter(l -> l.contains(" ErrorMonitoringDemo - ")).forEach(stageLines::add);
            err.append(run.stderr());
        }
        assertThat(codes).as(String.join("\n", stageLines)).containsOnly(ExitCode.OK).hasSize(20);
        assertThat(stageLines).filteredOn(l -> l.contains("Producer ready")).hasSize(20);
        assertThat(stageLines).noneMatch(l -> l.contains("Error ") || l.contains("Recovered"));
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void shouldExitOneWithAnErrorEventNamingTheMissingTopic(@TempDir Path dir) throws Exception {
        String topic = KafkaBroker.uniqueTopic("nosuch");
        Path config = Files.writeString(dir.resolve("client.properties"), "max.block.ms=2000\n");

        var run = Stage03.inJvm(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "KAFKA_TOPIC", topic,
                "KAFKA_CLIENT_CONFIG", config.toString()));

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.FAILED);
        assertThat(run.stdout()).contains("Error UNKNOWN_TOPIC (permanent): Topic " + topic + " does not exist")
                .contains("Delivered 0, not sent 5 of 5 messages.");
        assertThat(run.output()).doesNotContain("\tat ");
    }
}
