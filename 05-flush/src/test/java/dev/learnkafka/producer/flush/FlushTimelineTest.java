package dev.learnkafka.producer.flush;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class FlushTimelineTest {
    private static final long MS = 1_000_000;
    private static final Duration TIMEOUT = Duration.ofMillis(2000);

    private static FlushReport report(int number, long startedMs, long endedMs, FlushReport.Outcome outcome) {
        return new FlushReport(number, TIMEOUT, 0, startedMs * MS, endedMs * MS, outcome);
    }

    private static final List<FlushReport> TWO_WAVES = List.of(
            report(1, 0, 2001, FlushReport.Outcome.TIMED_OUT), report(2, 1, 2002, FlushReport.Outcome.TIMED_OUT),
            report(3, 2001, 4001, FlushReport.Outcome.TIMED_OUT), report(4, 2002, 4003, FlushReport.Outcome.TIMED_OUT));

    @Test
    void shouldGroupFlushesThatStartedTogetherIntoWaves() {
        var waves = FlushTimeline.waves(TWO_WAVES, 0);

        assertThat(waves).extracting(FlushTimeline.Wave::flushes).containsExactly(List.of(1, 2), List.of(3, 4));
        assertThat(waves.get(1).describe())
                .isEqualTo("Wave 2: flushes 3, 4 started at 2001-2002 ms and ended at 4001-4003 ms: 2 timed out.");
    }

    @Test
    void shouldKeepAFlushWhoseWorkerWasSlowToStartInItsWaveOnABusyMachine() {
        // flush 2's worker started 1200 ms late (more than half the timeout), but before any flush had ended: it
        // did not wait for a freed worker, so it is still the first wave; flush 3 did wait
        var slow = List.of(report(1, 0, 2001, FlushReport.Outcome.TIMED_OUT),
                report(2, 1200, 3201, FlushReport.Outcome.TIMED_OUT),
                report(3, 2001, 4001, FlushReport.Outcome.TIMED_OUT));

        assertThat(FlushTimeline.waves(slow, 0)).extracting(FlushTimeline.Wave::flushes)
                .containsExactly(List.of(1, 2), List.of(3));
    }

    @Test
    void shouldDrawWaitingThenFlushingThenTheOutcome() {
        List<String> chart = FlushTimeline.chart(TWO_WAVES, 0, 40);

        assertThat(chart.get(0)).contains("0 ms").endsWith("4003 ms");
        assertThat(chart.get(1)).startsWith("flush 1  ====================x ").endsWith("0 -> 2001 ms  timed out");
        assertThat(chart.get(3)).startsWith("flush 3  ....................====================x")
                .endsWith("2001 -> 4001 ms  timed out");
        assertThat(chart.get(5)).startsWith("one column = 100 ms");
    }

    @Test
    void shouldPutFlushesThatAllEndedAtOnceIntoOneWave() {
        var ok = List.of(report(1, 0, 3, FlushReport.Outcome.OK), report(2, 0, 3, FlushReport.Outcome.OK));

        assertThat(FlushTimeline.waves(ok, 0)).singleElement()
                .extracting(FlushTimeline.Wave::describe)
                .isEqualTo("Wave 1: flushes 1, 2 started at 0 ms and ended at 3 ms: 2 ok.");
        assertThat(FlushTimeline.chart(ok, 0, 40).get(1)).startsWith("flush 1  ===+");
    }
}
