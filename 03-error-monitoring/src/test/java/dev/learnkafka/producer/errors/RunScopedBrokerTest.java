package dev.learnkafka.producer.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.learnkafka.broker.Ports;
import dev.learnkafka.run.ExitCode;
import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import dev.learnkafka.testing.StageProcess;
import dev.learnkafka.testing.Summary;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Timeout;

/**
 * The stage as a reader runs it with no broker of their own: the broker it starts for its run, its --fault option,
 * two runs at once, and an address where something answers that is not Kafka.
 */
@KafkaTest
@Tag("broker")
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a hang fails the test instead of the build
class RunScopedBrokerTest {
    private static final Duration LIMIT = Duration.ofSeconds(150);
    private static final Pattern STARTED = Pattern.compile("started an embedded Kafka broker at (localhost:\\d+)");

    @Test
    void shouldShowLostUnreachableAndRecoveredFromOneCommandWithFaultRestartAndDeliverEveryMessage()
            throws Exception {
        var run = StageProcess.run(ErrorMonitoringProducer.class, Map.of(), noBrokerOnTheTutorialPort(), LIMIT,
                "--messages", "20", "--send-interval-ms", "100", "--poll-interval-ms", "100", "--fault", "restart");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.OK);
        String address = embeddedAddress(run.stdout());
        assertThat(run.stdout()).containsSubsequence(
                "Delivered message opaque::1 ",
                "Fault: stopping the embedded broker at " + address,
                "Error CONNECTION_LOST (retriable)",
                "Error BROKER_UNREACHABLE (retriable)",
                "Fault: started the embedded broker at " + address + " again",
                "Recovered: Connected to " + address + " again",
                "Delivered 20 of 20 messages.");
        for (int i = 1; i <= 20; i++) {
            String delivered = "Delivered message opaque::" + i + " ";
            assertThat(run.stdout().lines().filter(l -> l.contains(delivered)).count()).as(delivered).isEqualTo(1);
        }
        assertThat(run.stdout()).doesNotContain("Error delivering");
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void shouldFailTheMessagesSentAfterTheBrokerStopsForGoodAndExitOneInBoundedTime(@TempDir Path dir)
            throws Exception {
        // short timeouts, still longer than the monitor's 5 s before BROKER_UNREACHABLE: the test waits for them
        Path config = Files.writeString(dir.resolve("client.properties"),
                "delivery.timeout.ms=7000\nrequest.timeout.ms=2000\nmax.block.ms=3000\n");
        var run = StageProcess.run(ErrorMonitoringProducer.class, Map.of("KAFKA_CLIENT_CONFIG", config.toString()),
                noBrokerOnTheTutorialPort(), LIMIT,
                "--messages", "10", "--send-interval-ms", "100", "--poll-interval-ms", "100", "--fault", "stop");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.FAILED);
        assertThat(run.elapsed()).isLessThan(Duration.ofSeconds(90));
        assertThat(run.stdout()).containsSubsequence("Fault: stopping the embedded broker",
                "Error CONNECTION_LOST (retriable)", "Error BROKER_UNREACHABLE (retriable)")
                .doesNotContain("Recovered");
        Summary summary = Summary.in(run.stdout());
        // every message has its one outcome, and those sent after the stop (the second half) were not delivered
        assertThat(summary.of()).isEqualTo(10);
        assertThat(summary.total()).isEqualTo(10);
        assertThat(summary.delivered()).isLessThanOrEqualTo(5);
    }

    @Test
    void shouldRefuseFaultWithABrokerOfTheReadersAndExplainTheTwoTerminalRecipe(KafkaBroker broker)
            throws Exception {
        var run = StageProcess.run(ErrorMonitoringProducer.class,
                Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers()), List.of(), LIMIT, "--fault", "restart");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.USAGE);
        assertThat(run.stderr().strip().lines()).singleElement().asString()
                .contains("--fault restart", broker.bootstrapServers(), "Ctrl-C in the broker's terminal");
        assertThat(run.stdout()).doesNotContain("Producer ready");
    }

    @Test
    void shouldExitTwoForAnUnknownFault() throws Exception {
        var run = StageProcess.run(ErrorMonitoringProducer.class, Map.of("KAFKA_BOOTSTRAP_SERVERS", "localhost:1"),
                List.of(), LIMIT, "--fault", "explode");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.stderr().strip().lines()).singleElement().asString()
                .contains("--fault must be none, stop or restart");
    }

    @Test
    void shouldLetTwoRunsAtOnceEachUseAndEndItsOwnBroker() throws Exception {
        List<String> jvm = noBrokerOnTheTutorialPort(); // the same "tutorial port" for both, with nothing on it
        String[] args = {"--messages", "6", "--send-interval-ms", "500", "--poll-interval-ms", "100"};
        var first = CompletableFuture.supplyAsync(() -> run(jvm, args));
        var second = CompletableFuture.supplyAsync(() -> run(jvm, args));

        for (var run : List.of(first.get(), second.get())) {
            assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.OK);
            assertThat(run.stdout()).contains("Delivered 6 of 6 messages.")
                    .doesNotContain("Error delivering");
            assertThat(run.stdout().lines().filter(l -> l.contains("started an embedded Kafka broker")).count())
                    .isEqualTo(1);
            assertThat(run.stderr()).isEmpty();
        }
        assertThat(embeddedAddress(first.get().stdout())).isNotEqualTo(embeddedAddress(second.get().stdout()));
    }

    @Test
    void shouldFailWithOneLineWhenSomethingAnswersThatIsNotKafka() throws Exception {
        try (ServerSocket notKafka = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Long> contacts = new CopyOnWriteArrayList<>(); // System.nanoTime() of each connection
            Thread server = new Thread(() -> answerWithGarbage(notKafka, contacts), "not-kafka");
            server.setDaemon(true);
            server.start();
            String address = "localhost:" + notKafka.getLocalPort();

            var running = StageProcess.start(ErrorMonitoringProducer.class,
                    Map.of("KAFKA_BOOTSTRAP_SERVERS", address), List.of());
            var run = running.await(LIMIT);

            assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.FAILED);
            // how long the check may take is the run contract's promise, timed from the check's first connection
            // in TutorialBrokerRealTest; here, what stage 03 prints when something that is not Kafka answers
            assertThat(contacts).as("the probe's and the check's connections").hasSizeGreaterThanOrEqualTo(2);
            assertThat(run.stderr().strip().lines()).singleElement().asString()
                    .contains(address, "does not answer as a Kafka broker");
            assertThat(run.output()).doesNotContain("Recovered").doesNotContain("\tat ")
                    .doesNotContain("not present in metadata");
        }
    }

    private static StageProcess.Result run(List<String> jvm, String[] args) {
        try {
            return StageProcess.run(ErrorMonitoringProducer.class, Map.of(), jvm, LIMIT, args);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Moves the tutorial's port where nothing listens, so that a broker on this machine's 9092 is not used. */
    private static List<String> noBrokerOnTheTutorialPort() {
        return List.of("-Dlearnkafka.default.port=" + Ports.freePort());
    }

    private static String embeddedAddress(String stdout) {
        Matcher started = STARTED.matcher(stdout);
        assertThat(started.find()).as("the run says which broker it started: %s", stdout).isTrue();
        return started.group(1);
    }

    private static void answerWithGarbage(ServerSocket server, List<Long> contacts) {
        while (!server.isClosed()) {
            try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
                contacts.add(System.nanoTime());
                out.write("HTTP/1.0 400 Bad Request\r\n\r\nnot kafka\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // closed by the test, or the client hung up first
            }
        }
    }
}
