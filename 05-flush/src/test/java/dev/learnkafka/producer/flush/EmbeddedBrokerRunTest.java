package dev.learnkafka.producer.flush;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.learnkafka.broker.Ports;
import dev.learnkafka.run.ExitCode;
import dev.learnkafka.testing.StageProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The stage's main in its own JVM with {@code --broker stop} and no broker of the reader's: the run starts its own
 * embedded broker (a JVM of its own), stops it once the producer is ready, and the flushes time out in waves. A
 * class of its own, so that this long run goes side by side with the module's other broker tests.
 */
@Tag("broker")
@Timeout(value = 3, unit = TimeUnit.MINUTES) // a hang fails the test instead of the build
class EmbeddedBrokerRunTest {
    private static final Duration LIMIT = Duration.ofSeconds(90);

    @Test
    void shouldShowTwoWavesOfTimedOutFlushesWhenTheBrokerStopsAndReportEveryMessageOnce() throws Exception {
        int port = Ports.freePort();

        var run = StageProcess.run(FlushDemo.class, Map.of(), List.of("-Dlearnkafka.default.port=" + port),
                LIMIT, "--broker", "stop", "--flushes", "4", "--flush-threads", "2", "--flush-timeout-ms", "1000",
                "--messages", "3", "--delivery-timeout-ms", "6000");

        // the broker never came back: each message has its one outcome, a failure, so the exit code is 1
        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.FAILED);
        assertThat(run.stdout())
                .contains("started an embedded Kafka broker at localhost:")
                .contains("Stopped the embedded broker")
                // a wave is the flushes that started together; wave 2 started once a flush of wave 1 had ended
                .containsPattern("Wave 1: flushes 1, 2 started at \\d+(-\\d+)? ms and ended at \\d+(-\\d+)? ms: "
                        + "2 timed out\\.")
                .containsPattern("Wave 2: flushes 3, 4 started at \\d+(-\\d+)? ms and ended at \\d+(-\\d+)? ms: "
                        + "2 timed out\\.")
                // flush 3 waited for a worker, then flushed (blank columns before it: it was not asked for yet)
                .containsPattern("flush 3  +\\.+=+x")
                // no report while the flushes timed out: the listener had counted none when they were over
                .contains("3 of 3 messages still wait in the producer")
                .contains("Delivered 0, unknown 3 of 3 messages.");
        // wave 2 waited for a worker of wave 1, which held it for a whole timeout, then ran a timeout of its own
        Matcher wave2 = Pattern.compile("Wave 2: .* ended at (\\d+)(-\\d+)? ms").matcher(run.stdout());
        assertThat(wave2.find()).isTrue();
        assertThat(Long.parseLong(wave2.group(1))).isGreaterThanOrEqualTo(2 * 1000);
        for (int i = 1; i <= 3; i++) {
            // one report each, dispatched by close() on the main thread: no flush was still running
            String failure = "Could not deliver value-" + i + ": ";
            assertThat(run.stdout().lines().filter(l -> l.contains(failure)).toList()).as(failure).singleElement()
                    .asString().contains("[main]");
        }
        assertThat(run.stderr()).isEmpty();
    }
}
