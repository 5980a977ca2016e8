package dev.learnkafka.producer.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.learnkafka.broker.LocalKafka;
import dev.learnkafka.broker.Ports;
import dev.learnkafka.run.ExitCode;
import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import dev.learnkafka.testing.PrivateBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Faults 1-3: a broker that is down before the start, down for a while, or down for good. The stage's own output
 * through an outage and its recovery is RunScopedBrokerTest's (--fault restart).
 */
@KafkaTest
@Execution(ExecutionMode.CONCURRENT) // each fault on a broker of its own (or none): they mostly wait, side by side
class BrokerOutageTest {

    @Test
    void shouldReportAnUnreachableBrokerWithinTenSecondsAndFailEveryMessageSentMeanwhile() {
        // nothing listens here: a stopped broker looks the same to a client
        String nowhere = "localhost:" + Ports.freePort();
        int maxBlockMs = 2_000;
        var events = new Clients.Events();
        var outcomes = new Clients.Outcomes();
        long started = System.nanoTime();
        try (Producer<String, String> producer = new KafkaProducer<>(Clients.producerProps(nowhere, Map.of(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs)));
             ErrorMonitor monitor = events.listenTo(new ErrorMonitor(producer, nowhere, Duration.ofSeconds(1)))
                     .start(Duration.ofMillis(50))) {

            // before the first metadata, send() itself waits up to max.block.ms per message
            outcomes.send(producer, monitor, "never-there", 1, 3);

            await().atMost(Duration.ofSeconds(10)).until(() -> events.kinds().contains(ErrorKind.BROKER_UNREACHABLE));
            ErrorEvent event = events.first(ErrorKind.BROKER_UNREACHABLE);
            assertThat(event.retriable()).isTrue();
            assertThat(event.message()).contains(nowhere);
            assertThat(event.time()).isBefore(java.time.Instant.now());
        }
        assertThat(outcomes.failed).hasSize(3).allSatisfy((v, n) -> assertThat(n.get()).isEqualTo(1));
        assertThat(outcomes.delivered).isEmpty();
        assertThat(outcomes.errors.values()).allSatisfy(e -> assertThat(e).isInstanceOf(TimeoutException.class)
                .hasMessageContaining("not present in metadata after " + maxBlockMs + " ms"));
        // each message waited its own max.block.ms: delivery.timeout.ms only starts once a message is buffered
        assertThat(outcomes.failedAtNanos.get("value-1") - started).isGreaterThanOrEqualTo(
                TimeUnit.MILLISECONDS.toNanos(maxBlockMs));
        assertThat(outcomes.failedAtNanos.get("value-3") - started).isGreaterThanOrEqualTo(
                TimeUnit.MILLISECONDS.toNanos(3L * maxBlockMs));
    }

    @Test
    void shouldExitOneWithOneLineWhenTheConfiguredBrokerIsDownBeforeTheStart() throws Exception {
        String nowhere = "localhost:" + Ports.freePort();

        var run = Stage03.inJvm(Map.of("KAFKA_BOOTSTRAP_SERVERS", nowhere));

        // the stage's probe finds no broker before a producer exists: one line, no monitor needed
        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.FAILED);
        assertThat(run.stderr().strip().lines()).singleElement().asString()
                .contains("No Kafka broker answers at " + nowhere);
        assertThat(run.output()).doesNotContain("\tat ");
        // the promise is the probe's: nothing listens, so the connection is refused at once (it waits at most
        // 3 s, the run contract's PROBE_TIMEOUT_MS); timed in this JVM, without a JVM's start, 2 s of margin
        assertThat(run.elapsed()).isLessThan(Duration.ofSeconds(3 + 2));
    }

    @Test
    void shouldReportTheOutageThenTheRecoveryAndDeliverEveryMessageExactlyOnce(@PrivateBroker LocalKafka kafka) {
        String topic = KafkaBroker.uniqueTopic("outage");
        kafka.createTopic(topic, 3, 1);
        var events = new Clients.Events();
        var outcomes = new Clients.Outcomes();
        try (Producer<String, String> producer = new KafkaProducer<>(Clients.producerProps(kafka.bootstrapServers(),
                Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                        // holds the second half in the producer's buffer while the broker stops (flush sends it)
                        ProducerConfig.LINGER_MS_CONFIG, 20_000)));
             ErrorMonitor monitor = events.listenTo(new ErrorMonitor(producer, kafka.bootstrapServers(),
                     Duration.ofSeconds(1))).start(Duration.ofMillis(50))) {

            outcomes.send(producer, monitor, topic, 1, 500);
            producer.flush();
            outcomes.send(producer, monitor, topic, 501, 1000);
            kafka.stop();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> events.kinds().contains(ErrorKind.BROKER_UNREACHABLE));
            assertThat(outcomes.total()).isEqualTo(500); // nothing failed: the client keeps the rest and retries
            assertThat(monitor.waiting()).isEqualTo(500);

            kafka.start();
            producer.flush();
            await().atMost(Duration.ofSeconds(40)).until(() -> outcomes.total() == 1000);
            await().atMost(Duration.ofSeconds(5)).until(() -> events.kinds().contains(ErrorKind.RECOVERED));
        }
        assertThat(outcomes.failed).isEmpty();
        assertThat(outcomes.delivered).hasSize(1000).allSatisfy((v, n) -> assertThat(n.get()).isEqualTo(1));
        List<ErrorKind> kinds = events.kinds();
        assertThat(kinds.indexOf(ErrorKind.CONNECTION_LOST)).isNotNegative()
                .isLessThan(kinds.indexOf(ErrorKind.BROKER_UNREACHABLE));
        assertThat(kinds.indexOf(ErrorKind.BROKER_UNREACHABLE)).isLessThan(kinds.indexOf(ErrorKind.RECOVERED));
        assertThat(events.all).noneMatch(ErrorEvent::fatal);

        List<String> written = Clients.consumeAll(kafka.bootstrapServers(), topic);
        assertThat(written).hasSize(1000).containsExactlyInAnyOrderElementsOf(
                IntStream.rangeClosed(1, 1000).mapToObj(i -> "value-" + i).toList());
    }

    @Test
    void shouldGiveEveryUndeliveredMessageExactlyOneFailedReportWhenTheBrokerStaysDown(
            @PrivateBroker LocalKafka kafka) {
        String topic = KafkaBroker.uniqueTopic("gone");
        kafka.createTopic(topic, 3, 1);
        var events = new Clients.Events();
        var outcomes = new Clients.Outcomes();
        int maxBlockMs = 1_000;
        try (Producer<String, String> producer = new KafkaProducer<>(Clients.producerProps(kafka.bootstrapServers(),
                Map.of(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 23_000,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs,
                        // Holds the second half in the producer's buffer while the broker stops, however long the
                        // stop takes. With 5 s, a busy machine took longer to stop the broker, the batch went out
                        // to it, and an idempotent producer that lost a request in flight asks for a new producer
                        // id, which no broker can give, before it expires anything: 0 of 302 outcomes in 20 s.
                        ProducerConfig.LINGER_MS_CONFIG, 20_000)));
             ErrorMonitor monitor = events.listenTo(new ErrorMonitor(producer, kafka.bootstrapServers(),
                     Duration.ofSeconds(1))).start(Duration.ofMillis(50))) {

            outcomes.send(producer, monitor, topic, 1, 300);
            producer.flush();
            outcomes.send(producer, monitor, topic, 301, 600);  // in the buffer when the broker goes
            kafka.stop();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> events.kinds().contains(ErrorKind.BROKER_UNREACHABLE));
            // sent to a dead cluster: buffered while the metadata is cached; once the client dropped it
            // (re-bootstrap) send() waits max.block.ms for it and fails
            outcomes.send(producer, monitor, topic, 601, 602);
            // every message's outcome comes by delivery.timeout.ms (23 s) after its send; 40 s ends a hang
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(outcomes.total())
                    .as("outcomes (delivered %d, failed %d; events %s; the monitor waits for %d)",
                            outcomes.delivered.size(), outcomes.failed.size(), events.kinds(), monitor.waiting())
                    .isEqualTo(602));
        } // closing the producer would run any late callback: the counts below include it
        assertThat(outcomes.delivered).hasSize(300).allSatisfy((v, n) -> assertThat(n.get()).isEqualTo(1));
        assertThat(outcomes.failed).hasSize(302).allSatisfy((v, n) -> assertThat(n.get()).isEqualTo(1));
        assertThat(outcomes.delivered.size() + outcomes.failed.size()).isEqualTo(602);
        assertThat(outcomes.delivered.keySet()).doesNotContainAnyElementsOf(outcomes.failed.keySet());
        assertThat(outcomes.errors.values()).allSatisfy(e -> assertThat(e).isInstanceOf(TimeoutException.class));
        assertThat(outcomes.errors.get("value-301")).hasMessageContaining("ms has passed since batch creation");
        List<ErrorKind> kinds = events.kinds();
        assertThat(kinds).contains(ErrorKind.CONNECTION_LOST, ErrorKind.BROKER_UNREACHABLE);
        // the broker stays down: no recovery once no broker was reachable (a request that timed out on a busy
        // machine before the stop may close a connection and reconnect: RETRYING, CONNECTION_LOST, RECOVERED
        // before the stop were seen, with the broker still up)
        assertThat(kinds.subList(kinds.indexOf(ErrorKind.BROKER_UNREACHABLE), kinds.size()))
                .doesNotContain(ErrorKind.RECOVERED);
        // one event per expired message (601-602 expire too when they were buffered before the metadata went)
        assertThat(events.kinds().stream().filter(k -> k == ErrorKind.DELIVERY_TIMEOUT).count())
                .isEqualTo(outcomes.errors.values().stream()
                        .filter(e -> e.getMessage().contains("since batch creation")).count())
                .isGreaterThanOrEqualTo(300);
        assertThat(events.first(ErrorKind.DELIVERY_TIMEOUT).cause()).isInstanceOf(TimeoutException.class);
    }
}
