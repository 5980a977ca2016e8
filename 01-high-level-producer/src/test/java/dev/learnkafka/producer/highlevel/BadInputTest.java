package dev.learnkafka.producer.highlevel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.learnkafka.broker.Ports;
import dev.learnkafka.run.ExitCode;
import dev.learnkafka.run.Run;
import dev.learnkafka.testing.InJvmStage;
import dev.learnkafka.testing.StageProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input to stage 01 ends with exit 2 and one line naming the variable, file or option, before anything
 * connects: KAFKA_BOOTSTRAP_SERVERS points where nothing listens, so a run that got as far as connecting would
 * exit 1 instead. No broker is needed. Also what {@code --help} prints.
 */
class BadInputTest {
    private static final String NOWHERE = "localhost:" + Ports.freePort();

    @TempDir
    Path dir;

    /**
     * Runs the stage in this JVM (InJvmStage): a usage error ends the run before anything connects, so there is no
     * JVM to start for it (the quick loop stays quick). Its standard output is the logger's lines, its standard
     * error what the run printed. The exit code reaching the shell through {@code main} is
     * {@link HighLevelProducerDemoRunTest}'s.
     */
    private static StageProcess.Result run(Map<String, String> env, String... args) throws Exception {
        Map<String, String> all = new HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", NOWHERE));
        all.putAll(env);
        return runWithOnly(all, args);
    }

    /** The same with exactly these environment variables. */
    private static StageProcess.Result runWithOnly(Map<String, String> env, String... args) throws Exception {
        return InJvmStage.run(() -> Run.run(args, env, HighLevelProducerDemo.OPTIONS, HighLevelProducerDemo::run,
                System.err));
    }

    private static void assertUsageError(StageProcess.Result run, String expectedStart) {
        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.USAGE);
        assertThat(run.stderr().strip().lines()).as(run.output()).singleElement().asString()
                .startsWith("error: " + expectedStart);
        assertThat(run.output()).doesNotContain("\tat ", "Exception");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "acks=maybe                   | acks=maybe: String must be one of",
        "linger.ms=-3                 | linger.ms=-3: Value must be at least 0.",
        "max.block.ms=abc             | max.block.ms=abc: Not a number of type LONG.",
        "key.serializer=com.example.Nope | key.serializer=com.example.Nope: Class com.example.Nope could not be found.",
    })
    void shouldNameTheConfigFileAndTheSettingTheProducerRejects(String line, String expected) throws Exception {
        Path config = Files.writeString(dir.resolve("client.properties"), line + "\n");

        var run = run(Map.of("KAFKA_CLIENT_CONFIG", config.toString()));

        assertUsageError(run, "KAFKA_CLIENT_CONFIG=" + config + ": " + expected);
    }

    @Test
    void shouldSayABinaryConfigFileIsNotATextPropertiesFile() throws Exception {
        Path keystore = Files.write(dir.resolve("client.jks"), new byte[] {(byte) 0xfe, (byte) 0xed, (byte) 0xfe,
            (byte) 0xed, 0, 0, 0, 2});

        var run = run(Map.of("KAFKA_CLIENT_CONFIG", keystore.toString()));

        assertUsageError(run, "KAFKA_CLIENT_CONFIG=" + keystore + " is not a text .properties file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad topic!", "..", "a-topic-name-that-goes-on-and-on-and-on-for-three-hundred-chars"})
    void shouldRejectATopicNameKafkaWouldRejectNamingKafkaTopic(String topic) throws Exception {
        String name = topic.startsWith("a-topic") ? (topic + "x".repeat(300)).substring(0, 300) : topic;

        var run = run(Map.of("KAFKA_TOPIC", name));

        assertUsageError(run, "KAFKA_TOPIC='");
        assertThat(run.stderr()).contains("is not a topic name", "a topic name is 1 to 249 of the characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {",", "localhost:9092,", ":9092"})
    void shouldSayTheBrokerListIsNotAListOfHostAndPort(String servers) throws Exception {
        var run = run(Map.of("KAFKA_BOOTSTRAP_SERVERS", servers));

        assertUsageError(run, "KAFKA_BOOTSTRAP_SERVERS=" + servers + " is not a list of host:port");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--messages 0    | --messages must be at least 1, not 0",
        "--messages five | --messages takes a whole number from 1 to 1000000, not 'five'",
        "--bogus         | Unknown option --bogus (options: ",
    })
    void shouldExitTwoWithOneLineForBadUsage(String args, String expected) throws Exception {
        var run = run(Map.of(), args.split(" "));

        assertUsageError(run, expected);
        assertThat(run.stderr()).contains("--help");
    }

    @Test
    void shouldExitTwoNamingAMissingClientConfigFile() throws Exception {
        var run = run(Map.of("KAFKA_CLIENT_CONFIG", "/nonexistent/client.properties"));

        assertUsageError(run, "KAFKA_CLIENT_CONFIG=/nonexistent/client.properties: no readable file there.");
    }

    @Test
    void shouldPrintHelpAndExitZero() throws Exception {
        var run = run(Map.of(), "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).startsWith("Usage: 01-high-level-producer")
                .contains("--messages N", "KAFKA_BOOTSTRAP_SERVERS", "KAFKA_CLIENT_CONFIG", "Exit codes");
        assertThat(run.stderr()).isEmpty();
    }

    @Test
    void shouldRejectMoreMessagesThanTheOptionsMaximum() throws Exception {
        var run = run(Map.of(), "--messages", "2000000");

        assertUsageError(run, "--messages must be at most 1000000, not 2000000 (allowed: 1 to 1000000).");
    }

    @Test
    void shouldSayTheValueIsMissingWhenAnotherStagesOptionFollows() throws Exception {
        // --poll-interval-ms is stage 02's option: it is still an option here, not the value of --messages
        var run = run(Map.of(), "--messages", "--poll-interval-ms", "5");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.stderr()).isEqualTo("error: --messages needs a value: --messages N. "
                + "Run with --help to see the options." + System.lineSeparator());
    }

    @Test
    void shouldNameTheConfigFileAsTheSourceOfTheAddressInTheOneLineAboutTheBroker() throws Exception {
        Path config = Files.writeString(dir.resolve("client.properties"), "bootstrap.servers=" + NOWHERE + "\n");

        var run = runWithOnly(Map.of("KAFKA_CLIENT_CONFIG", config.toString()));

        // before: "Using bootstrap.servers=... from KAFKA_CLIENT_CONFIG (KAFKA_BOOTSTRAP_SERVERS is unset)", then
        // this line said "(KAFKA_BOOTSTRAP_SERVERS)"
        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        assertThat(run.stderr()).startsWith("error: No Kafka broker answers at " + NOWHERE
                + " (bootstrap.servers in KAFKA_CLIENT_CONFIG=" + config + "; KAFKA_BOOTSTRAP_SERVERS is unset).");
    }

    @Test
    void shouldSayInOneLineThatKafkaBootstrapServersWinsOverTheFilesBootstrapServers() throws Exception {
        Path config = Files.writeString(dir.resolve("client.properties"), "bootstrap.servers=elsewhere:9092\n");

        var run = run(Map.of("KAFKA_CLIENT_CONFIG", config.toString()));

        // the run connects to the variable's address, where nothing listens: exit 1, naming that address
        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.FAILED);
        assertThat(run.stdout().lines().filter(l -> l.contains("wins over"))).singleElement().asString()
                .endsWith("WARN Run - KAFKA_BOOTSTRAP_SERVERS=" + NOWHERE + " wins over "
                        + "bootstrap.servers=elsewhere:9092 in KAFKA_CLIENT_CONFIG=" + config
                        + ": the file's value is ignored.");
        assertThat(run.stderr()).contains("No Kafka broker answers at " + NOWHERE);
    }

    @Test
    void shouldWarnInOneLineAboutASettingTheProducerDoesNotKnow() throws Exception {
        Path config = Files.writeString(dir.resolve("client.properties"), "lingr.ms=20\n");

        var run = run(Map.of("KAFKA_CLIENT_CONFIG", config.toString()));

        assertThat(run.stdout()).contains("WARN Run - KAFKA_CLIENT_CONFIG=" + config
                + ": the producer ignores lingr.ms (did you mean linger.ms?): not a producer setting.");
    }
}
