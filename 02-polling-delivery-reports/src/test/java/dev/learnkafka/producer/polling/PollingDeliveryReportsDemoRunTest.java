package dev.learnkafka.producer.polling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.learnkafka.broker.Ports;
import dev.learnkafka.run.ExitCode;
import dev.learnkafka.run.Run;
import dev.learnkafka.testing.InJvmStage;
import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import dev.learnkafka.testing.StageProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the stage as a reader does and checks what it prints and its exit code: the main in a JVM of its own for a
 * whole run (what reaches the shell, its standard error empty), the other runs in the test JVM (InJvmStage), where
 * the exit code is what {@code Run.run} returns to {@code main}. Ctrl-C and exit 130: {@link InterruptTest}. Bad
 * options and {@code --help}: {@link BadInputTest}.
 */
@KafkaTest
class PollingDeliveryReportsDemoRunTest {
    private static final Duration LIMIT = Duration.ofSeconds(90);
    private static final String POLL_THREAD =
            "[delivery-report-poller | demo-producer] INFO PollingDeliveryReportsDemo - ";

    /** The stage in this JVM, with exactly these environment variables. */
    private static StageProcess.Result run(Map<String, String> env, String... args) throws Exception {
        return InJvmStage.run(() -> Run.run(args, env, PollingDeliveryReportsDemo.OPTIONS,
                PollingDeliveryReportsDemo::run, System.err));
    }

    @Test
    void shouldPrintEveryReportWithAllItsFieldsFromThePollThreadAndExitZero(KafkaBroker broker) throws Exception {
        String topic = KafkaBroker.uniqueTopic("run02");
        broker.createTopic(topic, 3);

        var run = StageProcess.run(PollingDeliveryReportsDemo.class,
                Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(), "KAFKA_TOPIC", topic), List.of(), LIMIT);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stderr()).isEmpty();
        assertThat(run.stdout())
                .contains("Producer ready: demo-producer at " + broker.bootstrapServers())
                .contains("Sent 5 messages; their reports wait in the queue for the next poll.")
                .contains("Delivered 5 of 5 messages.");
        assertThat(run.stdout().lines().filter(l -> l.endsWith(POLL_THREAD + "Delivery-report: {"))).hasSize(5);
        for (int i = 1; i <= 5; i++) {
            assertThat(run.stdout()).containsPattern("Delivery-report: \\{\n"
                    + "  \"topic\": \"" + topic + "\",\n"
                    + "  \"partition\": [0-2],\n"
                    + "  \"offset\": \\d+,\n"
                    + "  \"key\": null,\n"
                    + "  \"opaque\": \"opaque::" + i + "\",\n"
                    + "  \"timestamp\": \\d{13},\n"
                    + "  \"value\": \"value-" + i + "\",\n"
                    + "  \"error\": null\n"
                    + "}");
        }
        // the reports come after the sends, from the poll thread
        assertThat(run.stdout().indexOf("Sent 5 messages")).isLessThan(run.stdout().indexOf(POLL_THREAD));
    }

    @Test
    void shouldDispatchTheReportsAtCloseOnTheLessonsThreadWhenPollingIsOff(KafkaBroker broker) throws Exception {
        String topic = KafkaBroker.uniqueTopic("run02-off");
        broker.createTopic(topic, 3);

        var run = run(Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(), "KAFKA_TOPIC", topic),
                "--messages", "3", "--poll-interval-ms", "0");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stdout())
                .contains("Polling is off: the reports still queued come when close() dispatches them.")
                .contains("Delivered 3 of 3 messages.")
                .doesNotContain("delivery-report-poller");
        // the thread that runs the lesson (main, in a reader's run; here the test's thread) closes the producer
        String lessonThread = "[" + Thread.currentThread().getName() + "]";
        assertThat(run.stdout().lines()
                .filter(l -> l.endsWith(lessonThread + " INFO PollingDeliveryReportsDemo - Delivery-report: {")))
                .hasSize(3);
    }

    /** A KAFKA_CLIENT_CONFIG value is read by the stage as the producer reads it. */
    @Test
    void shouldReadADeliveryTimeoutWithATrailingBlankAsTheProducerDoes(KafkaBroker broker, @TempDir Path dir)
            throws Exception {
        String topic = KafkaBroker.uniqueTopic("run02-blank");
        broker.createTopic(topic, 3);
        Path config = Files.writeString(dir.resolve("client.properties"), "delivery.timeout.ms=40000 \n");

        var run = run(Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(), "KAFKA_TOPIC", topic,
                "KAFKA_CLIENT_CONFIG", config.toString()), "--messages", "3", "--poll-interval-ms", "100");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stdout()).contains("Delivered 3 of 3 messages.");
        assertThat(run.output()).doesNotContain("NumberFormatException");
    }

    @Test
    void shouldReportEachFailedDeliveryAndExitOne(KafkaBroker broker, @TempDir Path dir) throws Exception {
        String topic = KafkaBroker.uniqueTopic("run02-fail");
        broker.createTopic(topic, 3);
        // a reader's KAFKA_CLIENT_CONFIG that makes every message too large to send
        Path config = Files.writeString(dir.resolve("client.properties"), "max.request.size=10\n");

        var run = run(Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(), "KAFKA_TOPIC", topic,
                "KAFKA_CLIENT_CONFIG", config.toString()), "--messages", "2");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.FAILED);
        assertThat(run.stdout())
                .contains("ERROR PollingDeliveryReportsDemo - Error delivering message opaque::1: "
                        + "org.apache.kafka.common.errors.RecordTooLargeException")
                .contains("Error delivering message opaque::2")
                .contains("Delivered 0, failed 2 of 2 messages.")
                .doesNotContain("\tat ");
    }

    @Test
    void shouldExitOneWithOneLineWhenTheConfiguredBrokerIsDown() throws Exception {
        String nowhere = "localhost:" + Ports.freePort();

        var run = run(Map.of("KAFKA_BOOTSTRAP_SERVERS", nowhere));

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(run.stderr().strip().lines()).singleElement().asString()
                .contains("No Kafka broker answers at " + nowhere);
        assertThat(run.output()).doesNotContain("\tat ");
    }
}
