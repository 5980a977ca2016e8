package dev.learnkafka.producer.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.learnkafka.broker.Ports;
import dev.learnkafka.run.ExitCode;
import dev.learnkafka.testing.StageProcess;
import org.junit.jupiter.api.Test;

/**
 * Bad input ends with exit 2 and one line, before anything connects (nothing listens where the run looks). In this
 * JVM: what is checked is the run's exit code and its line, not a process.
 */
class BadInputTest {

    private static StageProcess.Result run(Map<String, String> env, String... args) throws Exception {
        Map<String, String> all = new HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", "localhost:" + Ports.freePort()));
        all.putAll(env);
        return Stage03.inJvm(all, args);
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

    @Test
    void shouldExitTwoForAnUnknownFault() throws Exception {
        var run = run(Map.of(), "--fault", "explode");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.USAGE);
        assertThat(run.stderr().strip().lines()).singleElement().asString()
                .contains("--fault must be none, stop or restart");
        assertThat(run.stdout()).doesNotContain("Producer ready");
    }
}
