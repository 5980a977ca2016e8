package dev.learnkafka.producer.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.learnkafka.broker.Ports;
import dev.learnkafka.run.ExitCode;
import dev.learnkafka.testing.StageProcess;
import org.junit.jupiter.api.Test;

/** Bad input ends with exit 2 and one line, before anything connects (nothing listens where the run looks). */
class BadInputTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    private static StageProcess.Result run(Map<String, String> env, String... args) throws Exception {
        Map<String, String> all = new HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", "localhost:" + Ports.freePort()));
        all.putAll(env);
        return StageProcess.run(ErrorMonitoringProducer.class, all, List.of(), LIMIT, args);
    }

    @Test
    void shouldRejectAnInvalidTopicNameWithoutAdvisingToCreateIt() throws Exception {
        var run = run(Map.of("KAFKA_TOPIC", "bad topic!"));

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.USAGE);
        assertThat(run.stderr().strip().lines()).singleElement().asString()
                .startsWith("error: KAFKA_TOPIC='bad topic!' is not a topic name: ")
                .contains("other than ASCII alphanumerics");
        assertThat(run.output()).doesNotContainIgnoringCase("create");
    }

    @Test
    void shouldRejectIntervalsAboveTheirMaximumNamingTheRange() throws Exception {
        for (String option : List.of("--poll-interval-ms", "--send-interval-ms")) {
            var run = run(Map.of(), option, "2147483647");

            assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.USAGE);
            assertThat(run.stderr().strip().lines()).singleElement().asString()
                    .startsWith("error: " + option + " must be at most 60000, not 2147483647 (allowed: ");
        }
    }
}
