package dev.learnkafka.producer.polling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.learnkafka.broker.Ports;
import dev.learnkafka.run.ExitCode;
import dev.learnkafka.run.Run;
import dev.learnkafka.testing.InJvmStage;
import dev.learnkafka.testing.StageProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad options end with exit 2 and one line, before anything connects (nothing listens where the run looks); and
 * what {@code --help} prints. In this JVM (InJvmStage): none of it needs a broker or a process of its own.
 */
class BadInputTest {

    private static StageProcess.Result run(String... args) throws Exception {
        Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", "localhost:" + Ports.freePort());
        return InJvmStage.run(() -> Run.run(args, env, PollingDeliveryReportsDemo.OPTIONS,
                PollingDeliveryReportsDemo::run, System.err));
    }

    @Test
    void shouldRejectAPollIntervalAboveItsMaximumNamingTheRange() throws Exception {
        var run = run("--poll-interval-ms", "2147483647");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.USAGE);
        assertThat(run.stderr().strip().lines()).singleElement().asString().isEqualTo("error: --poll-interval-ms "
                + "must be at most 60000, not 2147483647 (allowed: 0 to 60000). Run with --help to see the options.");
    }

    @Test
    void shouldSayAValueIsMissingWhenAnotherOptionFollows() throws Exception {
        var run = run("--messages", "--poll-interval-ms", "5");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.USAGE);
        assertThat(run.stderr().strip().lines()).singleElement().asString()
                .startsWith("error: --messages needs a value: --messages N.");
    }

    @ParameterizedTest
    @CsvSource({"--poll-interval-ms,-1", "--poll-interval-ms,soon", "--messages,0"})
    void shouldExitTwoWithOneLineForBadUsage(String option, String value) throws Exception {
        var run = run(option, value);

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.USAGE);
        assertThat(run.stderr().strip().lines()).singleElement().asString().startsWith("error: ")
                .contains(option).contains("--help");
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void shouldListThePollIntervalOptionInTheHelp() throws Exception {
        var run = run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.stdout()).startsWith("Usage: 02-polling-delivery-reports")
                .contains("--messages N", "--poll-interval-ms MS", "(0 to 60000, default 1000)", "KAFKA_BOOTSTRAP_SERVERS");
        assertThat(run.stderr()).isEmpty();
    }
}
