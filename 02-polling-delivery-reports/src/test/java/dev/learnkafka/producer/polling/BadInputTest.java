package dev.learnkafka.producer.polling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.learnkafka.broker.Ports;
import dev.learnkafka.run.ExitCode;
import dev.learnkafka.testing.StageProcess;
import org.junit.jupiter.api.Test;

/** Bad options end with exit 2 and one line, before anything connects (nothing listens where the run looks). */
class BadInputTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private static StageProcess.Result run(String... args) throws Exception {
        return StageProcess.run(PollingDeliveryReports.class,
                Map.of("KAFKA_BOOTSTRAP_SERVERS", "localhost:" + Ports.freePort()), List.of(), LIMIT, args);
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
}
