package dev.learnkafka.producer.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.learnkafka.broker.Ports;
import dev.learnkafka.run.ExitCode;
import dev.learnkafka.testing.StageProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The broker a run starts for itself logs to its own file: {@code --debug all} shows the producer, not the broker. */
@Tag("broker")
class EmbeddedBrokerLogsTest {
    /** Threads and loggers that only a broker has. */
    private static final List<String> BROKER_ONLY = List.of("data-plane-kafka", "kafka-request-handler",
            "raft-io-thread", "raft-outbound", "to-controller", "controller-event", "quorum-controller",
            "ListenerName(", "kafka.server.", "kafka.log.", "org.apache.kafka.controller.", "org.apache.kafka.raft.",
            "org.apache.kafka.storage.", "org.apache.kafka.metadata.", "org.apache.kafka.image.");

    @Test
    void shouldKeepTheEmbeddedBrokersLogsOutOfTheStagesOutputWithDebugAll() throws Exception {
        var run = StageProcess.run(DebugLoggingDemo.class, Map.of(),
                List.of("-Dlearnkafka.default.port=" + Ports.freePort()), Duration.ofSeconds(120),
                "--debug", "all", "--messages", "3");

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(ExitCode.OK);
        assertThat(run.stdout()).contains("started an embedded Kafka broker at localhost:")
                .contains("[Producer clientId=");
        List<String> brokerLines = run.output().lines()
                .filter(line -> BROKER_ONLY.stream().anyMatch(line::contains)).limit(5).toList();
        assertThat(brokerLines).as("broker log lines in the stage's output").isEmpty();
    }
}
