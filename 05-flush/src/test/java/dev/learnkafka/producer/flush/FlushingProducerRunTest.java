package dev.learnkafka.producer.flush;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.learnkafka.broker.LocalKafka;
import dev.learnkafka.broker.Ports;
import dev.learnkafka.run.ExitCode;
import dev.learnkafka.run.Run;
import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import dev.learnkafka.testing.PrivateBroker;
import dev.learnkafka.testing.StageProcess;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

/** Runs the stage's main in its own JVM, as a reader does, and checks what it prints and its exit code. */
// runs the stage in this JVM (Run.run): the run contract's outcomes are one per JVM
@KafkaTest
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a hang fails the test instead of the build
@ResourceLock("dev.learnkafka.run.Outcomes")
class FlushingProducerRunTest {
    private static final Duration LIMIT = Duration.ofSeconds(90);

    @Test
    void shouldShowTwoWavesOfTimedOutFlushesWhenTheBrokerStopsAndReportEveryMessageOnce() throws Exception {
        int port = Ports.freePort();

        var run = StageProcess.run(FlushingProducer.class, Map.of(), List.of("-Dlearnkafka.default.port=" + port),
                LIMIT, "--broker", "stop", "--flushes", "4", "--flush-threads", "2", "--flush-timeout-ms", "1000",
                "--messages", "3", "--delivery-timeout-ms", "6000");

        // the broker never came back: each message has its one outcome, a failure, so the exit code is 1
        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.FAILED);
        assertThat(run.stdout())
                .contains("started an embedded Kafka broker at localhost:")
                .contains("Stopped the embedded broker")
                .containsPattern("Wave 1: flushes 1, 2 started at \\d+(-\\d+)? ms and ended at \\d+(-\\d+)? ms: "
                        + "2 timed out\\.")
                .containsPattern("Wave 2: flushes 3, 4 started at \\d+(-\\d+)? ms and ended at \\d+(-\\d+)? ms: "
                        + "2 timed out\\.")
                .containsPattern("flush 3  \\.+=+x")
                .contains("3 of 3 messages still wait in the producer")
                .contains("Delivered 0, unknown 3 of 3 messages.");
        for (int i = 1; i <= 3; i++) {
            // one report each, dispatched by close() on the main thread: no flush was still running
            String failure = "Could not deliver value-" + i + ": ";
            assertThat(run.stdout().lines().filter(l -> l.contains(failure)).toList()).as(failure).singleElement()
                    .asString().contains("[main]");
        }
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void shouldWaitForTheReaderToStopTheirBrokerAndDeliverEveryMessageOnceWhenItIsBack(@PrivateBroker LocalKafka k)
            throws Exception {
        String topic = KafkaBroker.uniqueTopic("run05-recipe");
        k.createTopic(topic, 3, 1);
        var running = CompletableFuture.supplyAsync(() -> {
            try {
                return StageProcess.run(FlushingProducer.class,
                        Map.of("KAFKA_BOOTSTRAP_SERVERS", k.bootstrapServers(), "KAFKA_TOPIC", topic), List.of(),
                        LIMIT, "--broker", "stop", "--flushes", "4", "--flush-threads", "2", "--flush-timeout-ms",
                        "1000", "--delivery-timeout-ms", "60000");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });

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
        Map<String, Long> copies = FlushPoolBrokerTest.consumeAll(k.bootstrapServers(), topic, 6).stream()
                .collect(Collectors.groupingBy(ConsumerRecord::value, Collectors.counting()));
        assertThat(copies).containsOnlyKeys("ready-check", "value-1", "value-2", "value-3", "value-4", "value-5")
                .allSatisfy((value, count) -> assertThat(count).isOne());
    }

    private static void awaitValue(String bootstrap, String topic, String value) {
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "watch-" + topic,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
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
    void shouldFlushInTimeWhenLingerMsIsTenTimesTheFlushTimeout(KafkaBroker broker) throws Exception {
        String topic = KafkaBroker.uniqueTopic("run05-linger");
        broker.createTopic(topic, 3);

        var run = StageProcess.run(FlushingProducer.class,
                Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(), "KAFKA_TOPIC", topic), List.of(), LIMIT,
                "--linger-ms", "10000", "--flush-timeout-ms", "1000", "--flushes", "1");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stdout())
                .contains("linger.ms 10000")
                .containsPattern("Flush 1 started at \\d+ ms and ended at \\d+ ms: ok\\.")
                // the flush dispatched the reports: the listener ran on its worker, and nobody polled
                .contains("[flush-worker-1] INFO FlushingProducer - Delivered value-1 to " + topic)
                .contains("[flush-worker-1] INFO FlushingProducer - Delivered value-5 to " + topic)
                .contains("Wave 1: flush 1 started at")
                .contains("Delivered 5 of 5 messages.");
    }

    @Test
    void shouldExitTwoWithOneLineForZeroOrNegativeThreadsTimeoutsOrFlushes() throws Exception {
        for (String[] args : List.of(new String[] {"--flush-threads", "0"}, new String[] {"--flush-threads", "-2"},
                new String[] {"--flush-timeout-ms", "0"}, new String[] {"--flush-timeout-ms", "-1000"},
                new String[] {"--flushes", "0"}, new String[] {"--flushes", "-8"})) {
            var run = StageProcess.run(FlushingProducer.class, Map.of("KAFKA_BOOTSTRAP_SERVERS", "localhost:1"),
                    List.of(), LIMIT, args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCode.USAGE);
            assertThat(run.stderr().strip().lines()).singleElement().asString()
                    .startsWith("error: " + args[0] + " must be at least 1").contains("--help");
        }
    }

    @Test
    void shouldRefuseOtherBadOptionsAsUsageErrors() {
        for (String[] args : List.of(new String[] {"--linger-ms", "-1"}, new String[] {"--broker", "pause"},
                new String[] {"--flush-threads", "four"},
                new String[] {"--linger-ms", "10000", "--delivery-timeout-ms", "12000"})) {
            var err = new ByteArrayOutputStream();
            int code = Run.run(args, Map.of("KAFKA_BOOTSTRAP_SERVERS", "localhost:1"), FlushOptions.commandLine(),
                    FlushingProducer::run, new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(code).as(String.join(" ", args)).isEqualTo(ExitCode.USAGE);
            assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: " + args[args.length - 2]);
        }
    }

    @Test
    void shouldListEveryOptionInTheHelp() {
        assertThat(FlushOptions.commandLine().usage())
                .contains("--flushes N", "--flush-threads N", "--flush-timeout-ms MS", "--linger-ms MS",
                        "--broker keep|stop", "--delivery-timeout-ms MS", "UV_THREADPOOL_SIZE",
                        "(1 to 128, default 4)");
    }

    @Test
    void shouldNoticeWhenABrokerStopsAnswering() throws Exception {
        ServerSocket listener = new ServerSocket(0);
        String address = "localhost:" + listener.getLocalPort();
        var silence = CompletableFuture.supplyAsync(() -> {
            try {
                return BrokerOutage.awaitSilence(address, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        assertThat(silence).isNotDone();

        listener.close();

        assertThat(silence.get(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void shouldGiveUpWaitingWhenTheBrokerKeepsAnswering() throws IOException, InterruptedException {
        try (ServerSocket listener = new ServerSocket(0)) {
            assertThat(BrokerOutage.awaitSilence("localhost:" + listener.getLocalPort(), Duration.ofMillis(300)))
                    .isFalse();
        }
    }
}
