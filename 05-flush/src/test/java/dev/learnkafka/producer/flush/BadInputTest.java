package dev.learnkafka.producer.flush;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.learnkafka.broker.Ports;
import dev.learnkafka.run.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Options above their maximum end with exit 2 and one line naming the option and its range, before anything
 * connects (nothing listens where the run looks, so a run that got further would exit 1). The runs are in this
 * JVM: the check is the run contract's, not the process's.
 */
class BadInputTest {
    @ParameterizedTest
    @CsvSource({
        "--flush-threads, 2000000, 1 to 128",
        "--flushes, 2000000, 1 to 1000",
        "--linger-ms, 2147483647, 0 to 60000",
        "--flush-timeout-ms, 2147483647, 1 to 60000",
        "--delivery-timeout-ms, 2147483647, 1 to 600000",
        "--messages, 2000000, 1 to 1000000",
    })
    void shouldRejectAnOptionAboveItsMaximumNamingTheRange(String option, String value, String range)
            throws Exception {
        var run = InJvm.run(Map.of("KAFKA_BOOTSTRAP_SERVERS", "localhost:" + Ports.freePort()), option, value);

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.USAGE);
        assertThat(run.stderr().strip().lines()).singleElement().asString()
                .startsWith("error: " + option + " must be at most ").contains("(allowed: " + range + ")");
    }

    @Test
    void shouldShowEveryNumberOptionsRangeInTheHelp() {
        assertThat(FlushDemo.OPTIONS.usage())
                .contains("(1 to 1000000, default 5)", "(1 to 1000, default 8)", "(1 to 128, default 4)",
                        "(1 to 60000, default 2000)", "(0 to 60000, default 5)", "(1 to 600000)");
    }
}
