package dev.learnkafka.producer.highlevel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.learnkafka.broker.Ports;
import dev.learnkafka.run.ExitCode;
import dev.learnkafka.testing.BrokerProcess;
import dev.learnkafka.testing.StageProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the only broker while messages are in flight: the run says once what it waits for, for how long at
 * most and that Ctrl-C ends it now; Ctrl-C then ends it without waiting for the delivery timeout. Before, the
 * console said nothing until the messages expired (two minutes with Kafka's defaults).
 */
@Tag("broker")
class BrokersGoneTest {
    /** Short, but far longer than the notice takes (3 s without a connection): Ctrl-C must beat it. */
    private static final int DELIVERY_TIMEOUT_MS = 30_000;
    private static final Pattern NOTICE = Pattern.compile("No broker has answered for 3 s: the run waits for the "
            + "(\\d+ )?messages? in flight .*, at most (\\d+) s more\\. Press Ctrl-C to end it now\\.");

    @Test
    void shouldSayOnceWhatItWaitsForAndEndAtOnceOnCtrlC(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("client.properties"), "delivery.timeout.ms=" + DELIVERY_TIMEOUT_MS
                + "\nrequest.timeout.ms=3000\nmax.block.ms=5000\n");
        try (BrokerProcess broker = BrokerProcess.start(Ports.freePort(), dir.resolve("data"), "gone", 3)) {
            var stage = StageProcess.start(HighLevelProducerDemo.class, Map.of("KAFKA_BOOTSTRAP_SERVERS",
                    broker.bootstrapServers(), "KAFKA_TOPIC", "gone", "KAFKA_CLIENT_CONFIG", config.toString()),
                    List.of(), "--messages", "200000");
            await("the first delivery line").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                    .until(() -> stage.stdout().contains("Delivered value-"));

            broker.kill();
            long killed = System.nanoTime();
            await("the notice").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> stage.stdout().contains("No broker has answered"));
            long noticed = System.nanoTime();
            stage.signal("INT");
            var run = stage.await(Duration.ofSeconds(60));
            long ended = System.nanoTime();

            assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCode.INTERRUPTED);
            List<String> notices = run.stdout().lines().filter(l -> l.contains("No broker has answered")).toList();
            assertThat(notices).as("said once").hasSize(1);
            Matcher notice = NOTICE.matcher(notices.get(0));
            assertThat(notice.find()).as(notices.get(0)).isTrue();
            assertThat(Long.parseLong(notice.group(2))).isPositive().isLessThanOrEqualTo(DELIVERY_TIMEOUT_MS / 1000);
            // promised: 3 s without a connection; margin 5 s for a busy machine (1 s checks, the output polled)
            assertThat(TimeUnit.NANOSECONDS.toMillis(noticed - killed)).isLessThan(8_000);
            assertThat(run.stderr()).startsWith("Interrupted: no broker answers, so the messages in flight are given "
                    + "up now.");
            // at once: far sooner than the delivery timeout, which would end it by itself
            assertThat(TimeUnit.NANOSECONDS.toMillis(ended - noticed)).isLessThan(DELIVERY_TIMEOUT_MS / 2);
            List<String> lines = run.stdout().lines().toList();
            assertThat(lines.get(lines.size() - 1)).contains("INFO Outcomes - Delivered ");
            System.out.printf("Notice %d ms after kill -9, end %d ms after Ctrl-C: %s%n",
                    TimeUnit.NANOSECONDS.toMillis(noticed - killed), TimeUnit.NANOSECONDS.toMillis(ended - noticed),
                    notices.get(0));
        }
    }
}
