package dev.learnkafka.producer.flush;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.learnkafka.run.ExitCode;
import dev.learnkafka.run.TutorialBroker;
import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the stage as a reader does, with their options and environment, and checks what it prints and its exit code.
 * The runs are in this JVM ({@link InJvm}): none of these is about the process; {@link EmbeddedBrokerRunTest} and
 * {@link InterruptTest} are.
 */
@KafkaTest
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a hang fails the test instead of the build
class FlushDemoRunTest {
    private static final Duration LIMIT = Duration.ofSeconds(90);

    @Test
    void shouldFlushInTimeWhenLingerMsIsTenTimesTheFlushTimeout(KafkaBroker broker) throws Exception {
        String topic = KafkaBroker.uniqueTopic("run05-linger");
        broker.createTopic(topic, 3);

        // the page's ratio (linger.ms ten times the flush timeout), with room for a busy broker: a fresh
        // producer's flush waits for its producer id and one round trip, over a second at load 4 (1000 and 10000
        // on the page: 3.8 s, timed out, seen so)
        var run = InJvm.run(Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(), "KAFKA_TOPIC", topic),
                "--linger-ms", "50000", "--flush-timeout-ms", "5000", "--flushes", "1");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stdout())
                .contains("linger.ms 50000")
                .containsPattern("Flush 1 started at \\d+ ms and ended at \\d+ ms: ok\\.")
                // the flush dispatched the reports: the listener ran on its worker, and nobody polled
                .contains("[flush-worker-1] INFO FlushDemo - Delivered value-1 to " + topic)
                .contains("[flush-worker-1] INFO FlushDemo - Delivered value-5 to " + topic)
                .contains("Wave 1: flush 1 started at")
                .contains("Delivered 5 of 5 messages.");
    }

    @Test
    void shouldExitTwoWithOneLineForZeroOrNegativeThreadsTimeoutsOrFlushes() throws Exception {
        for (String[] args : List.of(new String[] {"--flush-threads", "0"}, new String[] {"--flush-threads", "-2"},
                new String[] {"--flush-timeout-ms", "0"}, new String[] {"--flush-timeout-ms", "-1000"},
                new String[] {"--flushes", "0"}, new String[] {"--flushes", "-8"})) {
            var run = InJvm.run(Map.of("KAFKA_BOOTSTRAP_SERVERS", "localhost:1"), args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCode.USAGE);
            assertThat(run.stderr().strip().lines()).singleElement().asString()
                    .startsWith("error: " + args[0] + " must be at least 1").contains("--help");
        }
    }

    @Test
    void shouldRefuseOtherBadOptionsAsUsageErrors() throws Exception {
        for (String[] args : List.of(new String[] {"--linger-ms", "-1"}, new String[] {"--broker", "pause"},
                new String[] {"--flush-threads", "four"},
                new String[] {"--linger-ms", "10000", "--delivery-timeout-ms", "12000"})) {
            var run = InJvm.run(Map.of("KAFKA_BOOTSTRAP_SERVERS", "localhost:1"), args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(ExitCode.USAGE);
            assertThat(run.stderr()).startsWith("error: " + args[args.length - 2]);
        }
    }

    @Test
    void shouldListEveryOptionInTheHelp() {
        assertThat(FlushDemo.OPTIONS.usage())
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
                return TutorialBroker.awaitSilence(address, Duration.ofSeconds(30));
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
            assertThat(TutorialBroker.awaitSilence("localhost:" + listener.getLocalPort(), Duration.ofMillis(300)))
                    .isFalse();
        }
    }
}
