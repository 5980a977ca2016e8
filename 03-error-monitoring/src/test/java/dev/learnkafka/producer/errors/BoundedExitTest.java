package dev.learnkafka.producer.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.learnkafka.broker.LocalKafka;
import dev.learnkafka.broker.Ports;
import dev.learnkafka.run.ExitCode;
import dev.learnkafka.testing.BrokerProcess;
import dev.learnkafka.testing.StageProcess;
import dev.learnkafka.testing.Summary;
import dev.learnkafka.testing.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run contract when the last broker dies: kill -9 the broker while stage 03 sends 3,000 messages, one every
 * 10 ms. The Java client's send() blocks up to max.block.ms once the topic's metadata is gone, so without the
 * contract's gate the run would take max.block.ms per message left (hours here). With it the run ends by itself in
 * about delivery.timeout.ms + max.block.ms, its summary adds up to N, and every message it calls delivered is in
 * the topic.
 *
 * <p>The broker and the stage are processes of their own (the stage's in-JVM runs take turns, and this one lasts
 * seconds); the broker that reads the data afterwards runs in this JVM. The kill comes once the stage reported
 * 100 deliveries; sends are at least 10 ms apart and the gate closes at the first timeout (delivery.timeout.ms
 * after the kill at the latest), so most of the 3,000 are still unsent then however slow the machine.
 */
@Tag("broker")
class BoundedExitTest {
    private static final int MESSAGES = 3_000;
    private static final int DELIVERY_TIMEOUT_MS = 8_000;
    private static final int MAX_BLOCK_MS = 3_000; // short, as the delivery timeout: the bound is what is tested
    private static final String TOPIC = "first_topic";
    private static final Pattern DELIVERED = Pattern.compile(
            "Delivered message opaque::(\\d+) to \\S+ partition (\\d+) at offset (\\d+)");

    @Test
    void shouldEndByItselfWhenTheLastBrokerIsKilledWithPartsThatAddUpAndEveryDeliveredMessageInTheTopic(
            @TempDir Path dir) throws Exception {
        int port = Ports.freePort();
        Path data = dir.resolve("data");
        Path config = Files.writeString(dir.resolve("client.properties"),
                "delivery.timeout.ms=" + DELIVERY_TIMEOUT_MS + "\nrequest.timeout.ms=3000\nmax.block.ms=" + MAX_BLOCK_MS
                        + "\n");
        StageProcess.Running stage;
        long killedAt;
        try (BrokerProcess broker = BrokerProcess.start(port, data, TOPIC, 3)) {
            stage = StageProcess.start(ErrorMonitoringDemo.class, Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(), "KAFKA_CLIENT_CONFIG", config.toString()),
                    List.of(), "--messages", String.valueOf(MESSAGES), "--send-interval-ms", "10",
                    "--poll-interval-ms", "100");
            await("100 deliveries").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                    .until(() -> countDelivered(stage.stdout()) >= 100);
            broker.kill();
            killedAt = System.nanoTime();
        }
        var run = stage.await(Duration.ofMinutes(3));
        Duration afterKill = Duration.ofNanos(System.nanoTime() - killedAt);

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCode.FAILED);
        // bounded: delivery.timeout.ms + max.block.ms, plus generous room for a busy 2-core machine
        assertThat(afterKill).isLessThan(Duration.ofMillis(DELIVERY_TIMEOUT_MS + MAX_BLOCK_MS + 30_000));
        Summary summary = Summary.in(run.stdout());
        long delivered = summary.delivered();
        assertThat(summary.of()).isEqualTo(MESSAGES);
        assertThat(summary.total()).as(summary.line()).isEqualTo(MESSAGES);
        assertThat(summary.notSent()).as("messages not sent once the cluster was gone").isPositive();
        assertThat(run.stdout()).contains("Stopped sending: the cluster did not answer in time");
        assertThat(run.output()).doesNotContain("\tat ");
        System.out.printf("kill -9 with %d messages: ended %d ms after the kill; %s%n", MESSAGES,
                afterKill.toMillis(), summary.line());

        Map<String, String> reported = new HashMap<>(); // partition/offset -> value, as the stage reported them
        Matcher m = DELIVERED.matcher(run.stdout());
        while (m.find()) {
            reported.put(m.group(2) + "/" + m.group(3), "value-" + m.group(1));
        }
        assertThat((long) reported.size()).isEqualTo(delivered);

        // a broker on the same data: every message reported delivered is there
        try (LocalKafka again = LocalKafka.builder().dataDir(data).build().start()) {
            List<ConsumerRecord<String, String>> records = TopicReader.readToEnd(again.bootstrapServers(), TOPIC);
            Map<String, String> inTopic = new HashMap<>();
            records.forEach(r -> inTopic.put(r.partition() + "/" + r.offset(), r.value()));
            assertThat(inTopic).containsAllEntriesOf(reported);
        }
    }

    private static long countDelivered(String stdout) {
        return stdout.lines().filter(l -> l.contains("Delivered message opaque::")).limit(100).count();
    }
}
