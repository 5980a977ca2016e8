package dev.learnkafka.producer.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.learnkafka.broker.Ports;
import dev.learnkafka.run.ExitCode;
import dev.learnkafka.run.Run;
import dev.learnkafka.testing.InJvmStage;
import dev.learnkafka.testing.StageProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A --log-file that cannot be written or an unknown debug context is exit 2 in one line, before anything logs or
 * connects; and what {@code --help} prints. Those runs end before the stage configures logging (JVM-wide settings,
 * fixed at the first logger), so they run in this JVM (InJvmStage). A mistake found after the logging is in place
 * needs a JVM of its own.
 */
class BadInputTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private static StageProcess.Result run(String... args) throws Exception {
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", "localhost:" + Ports.freePort());
        return InJvmStage.run(() -> Run.run(args, env, DebugLoggingDemo.OPTIONS, DebugLoggingDemo::run,
                System.err));
    }

    @Test
    void shouldExitTwoListingTheValidContextsForAnUnknownOne() throws Exception {
        var run = run("--debug", "msg,bogus");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.stderr().strip().lines()).singleElement().asString()
                .startsWith("error: Unknown debug context 'bogus' (valid: all, generic, broker, topic,")
                .contains("msg, protocol, security", "eos", "telemetry");
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void shouldDescribeTheDebugOptionInTheHelp() throws Exception {
        var run = run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).startsWith("Usage: 04-debug-logging")
                .contains("--debug CONTEXTS", "--log-file PATH", "KAFKA_DEBUG", "msg, protocol");
    }

    @Test
    void shouldRejectALogFileInADirectoryThatDoesNotExist(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("no-such-dir").resolve("x.log");

        var run = run("--log-file", file.toString());

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.USAGE);
        assertThat(run.stderr().strip().lines()).singleElement().asString()
                .isEqualTo("error: --log-file " + file + ": there is no directory " + file.getParent()
                        + ". Run with --help to see the options.");
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void shouldRejectALogFileThatIsADirectory(@TempDir Path dir) throws Exception {
        var run = run("--log-file", dir.toString());

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.USAGE);
        assertThat(run.stderr().strip().lines()).singleElement().asString()
                .startsWith("error: --log-file " + dir + " is a directory");
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void shouldRejectABadTopicInOneLineWithTheLoggingAlreadyInPlace() throws Exception {
        var run = StageProcess.run(DebugLoggingDemo.class, Map.of("KAFKA_BOOTSTRAP_SERVERS",
                "localhost:" + Ports.freePort(), "KAFKA_TOPIC", "bad topic!"), List.of(), LIMIT, "--debug", "msg");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.USAGE);
        assertThat(run.stderr().strip().lines()).singleElement().asString()
                .startsWith("error: KAFKA_TOPIC='bad topic!' is not a topic name");
        assertThat(run.stdout()).doesNotContain("SLF4J was initialised before the logging settings");
    }
}
