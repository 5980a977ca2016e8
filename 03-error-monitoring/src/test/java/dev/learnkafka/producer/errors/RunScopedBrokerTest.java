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
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Timeout;

/**
 * The stage as a reader runs it with no broker of their own: the broker it starts for its run, its --fault option,
 * two runs at once, and an address where something answers that is not Kafka.
 *
 * <p>The two runs with a run-scoped broker (a stage JVM and its broker's JVM each) start together, before the
 * tests, with the same "tutorial port" where nothing listens: each must start and end a broker of its own. Each test
 * then waits for the run it asserts on. The runs that are not about a broker of the run's own go in this JVM.
 */
@KafkaTest
@Tag("broker")
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a hang fails the test instead of the build
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the in-JVM runs first, while the launched ones run
class RunScopedBrokerTest {
    private static final Duration LIMIT = Duration.ofSeconds(150);
    private static final Pattern STARTED = Pattern.compile("started an embedded Kafka broker at (localhost:\\d+)");

    @TempDir
    static Path dir;
    private static Launched restart;
    private static Launched stop;

    @BeforeAll
    static void startTheRunsWithABrokerOfTheirOwn() throws IOException {
        List<String> jvm = noBrokerOnTheTutorialPort(); // the same "tutorial port" for all, with nothing on it
        // short timeouts, still longer than the monitor's 5 s before BROKER_UNREACHABLE: the test waits for them
        Path config = Files.writeString(dir.resolve("client.properties"),
                "delivery.timeout.ms=7000\nrequest.timeout.ms=2000\nmax.block.ms=3000\n");
        restart = new Launched(StageProcess.start(ErrorMonitoringDemo.class, Map.of(), jvm,
                "--messages", "20", "--send-interval-ms", "100", "--poll-interval-ms", "100", "--fault", "restart"));
        stop = new Launched(StageProcess.start(ErrorMonitoringDemo.class,
                Map.of("KAFKA_CLIENT_CONFIG", config.toString()), jvm,
                "--messages", "10", "--send-interval-ms", "100", "--poll-interval-ms", "100", "--fault", "stop"));
    }

    @AfterAll
    static void awaitEveryRun() throws Exception {
        // a run no test waited for (one test picked with -Dtest) ends by itself; its files are deleted
        for (Launched run : new Launched[] {restart, stop}) {
            if (run != null) {
                run.result();
            }
        }
    }

    @Test
    @Order(3)
    void shouldShowLostUnreachableAndRecoveredFromOneCommandWithFaultRestartAndDeliverEveryMessage()
            throws Exception {
        var run = restart.result();

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.OK);
        String address = embeddedAddress(run.stdout());
        // the broker answered before the fault (its metadata came); whether message 1's report is printed before
        // the stop depends on timing, so each message's one delivery is counted below instead
        assertThat(run.stdout()).containsSubsequence(
                "Producer ready: metadata for ",
                "Fault: stopping the embedded broker at " + address,
                "Error CONNECTION_LOST (retriable)",
                "Error BROKER_UNREACHABLE (retriable)",
                "Fault: started the embedded broker at " + address + " again",
                "Delivered 20 of 20 messages.");
        // the client may reconnect, and the listeners say so, before the restarting thread prints its line (seen
        // at load 16): the two lines come in either order, both after BROKER_UNREACHABLE and before the summary
        assertThat(run.stdout()).containsSubsequence(
                "Error BROKER_UNREACHABLE (retriable)",
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
    @Order(4)
    void shouldFailTheMessagesSentAfterTheBrokerStopsForGoodAndExitOneInBoundedTime() throws Exception {
        var run = stop.result();

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.FAILED);
        Summary summary = Summary.in(run.stdout());
        // timed from the stop to the summary (the run's own lines), not from a JVM start that runs at once slow
        assertThat(between(run.stdout(), "Fault: stopping the embedded broker", summary.line()))
                .isLessThan(Duration.ofSeconds(90));
        assertThat(run.stdout()).containsSubsequence("Fault: stopping the embedded broker",
                "Error CONNECTION_LOST (retriable)", "Error BROKER_UNREACHABLE (retriable)")
                .doesNotContain("Recovered");
        // every message has its one outcome, and those sent after the stop (the second half) were not delivered
        assertThat(summary.of()).isEqualTo(10);
        assertThat(summary.total()).isEqualTo(10);
        assertThat(summary.delivered()).isLessThanOrEqualTo(5);
    }

    @Test
    @Order(2)
    void shouldRefuseFaultWithABrokerOfTheReadersAndExplainTheTwoTerminalRecipe(KafkaBroker broker)
            throws Exception {
        var run = Stage03.inJvm(Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers()), "--fault", "restart");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.USAGE);
        assertThat(run.stderr().strip().lines()).singleElement().asString()
                .contains("--fault restart", broker.bootstrapServers(), "Ctrl-C in the broker's terminal");
        assertThat(run.stdout()).doesNotContain("Producer ready");
    }

    @Test
    @Order(5)
    void shouldLetTwoRunsAtOnceEachUseAndEndItsOwnBroker() throws Exception {
        // the --fault restart and --fault stop runs ran at the same time with the same tutorial port: each started
        // a broker of its own, and the one stopped for good took nothing from the other, which delivered all
        var restarted = restart.result();
        var stopped = stop.result();
        for (var run : List.of(restarted, stopped)) {
            assertThat(run.stdout().lines().filter(l -> l.contains("started an embedded Kafka broker")).count())
                    .as(run.output()).isEqualTo(1);
        }
        assertThat(embeddedAddress(restarted.stdout())).isNotEqualTo(embeddedAddress(stopped.stdout()));
        assertThat(restarted.exitCode()).as(restarted.output()).isEqualTo(ExitCode.OK);
        assertThat(restarted.stdout()).contains("Delivered 20 of 20 messages.").doesNotContain("Error delivering");
        assertThat(restarted.stderr()).isEmpty();
        assertThat(stopped.exitCode()).as(stopped.output()).isEqualTo(ExitCode.FAILED);
    }

    @Test
    @Order(1)
    void shouldFailWithOneLineWhenSomethingAnswersThatIsNotKafka() throws Exception {
        try (ServerSocket notKafka = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Long> contacts = new CopyOnWriteArrayList<>(); // System.nanoTime() of each connection
            Thread server = new Thread(() -> answerWithGarbage(notKafka, contacts), "not-kafka");
            server.setDaemon(true);
            server.start();
            String address = "localhost:" + notKafka.getLocalPort();

            var run = Stage03.inJvm(Map.of("KAFKA_BOOTSTRAP_SERVERS", address));

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

    /** A stage started in its own JVM; its result, awaited once, by whichever test or the end of the class. */
    private static final class Launched {
        private final StageProcess.Running running;
        private StageProcess.Result result;

        Launched(StageProcess.Running running) {
            this.running = running;
        }

        synchronized StageProcess.Result result() throws IOException, InterruptedException {
            if (result == null) {
                result = running.await(LIMIT);
            }
            return result;
        }
    }

    /** The time between the first line containing {@code from} and the first containing {@code to} (HH:mm:ss.SSS). */
    private static Duration between(String stdout, String from, String to) {
        Duration d = Duration.between(timeOf(stdout, from), timeOf(stdout, to));
        return d.isNegative() ? d.plusDays(1) : d; // the run crossed midnight
    }

    private static LocalTime timeOf(String stdout, String text) {
        String line = stdout.lines().filter(l -> l.contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with '" + text + "' in:\n" + stdout));
        return LocalTime.parse(line.substring(0, 12));
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
