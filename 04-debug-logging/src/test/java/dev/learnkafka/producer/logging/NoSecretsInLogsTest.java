package dev.learnkafka.producer.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.learnkafka.broker.LocalKafka;
import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.StageProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --debug all against a broker that asks for SASL/PLAIN: the password never shows, in any output. */
@Tag("broker")
class NoSecretsInLogsTest {
    private static final String PASSWORD = "alice-secret";

    @Test
    void shouldNeverPrintTheSaslPasswordEvenWithDebugAll(@TempDir Path dir) throws Exception {
        try (LocalKafka kafka = LocalKafka.builder().saslPlainUser("alice", PASSWORD).build().start()) {
            String topic = KafkaBroker.uniqueTopic("secrets04");
            kafka.createTopic(topic, 3, 1);
            Path config = dir.resolve("client.properties");
            Files.writeString(config, String.join("\n",
                    "security.protocol=SASL_PLAINTEXT",
                    "sasl.mechanism=PLAIN",
                    "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
                            + "username=\"alice\" password=\"" + PASSWORD + "\";"));
            Path logFile = dir.resolve("debug.log");

            var console = StageProcess.run(DebugLoggingProducer.class, Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", kafka.saslBootstrapServers(), "KAFKA_TOPIC", topic,
                    "KAFKA_CLIENT_CONFIG", config.toString()), List.of(), Duration.ofSeconds(90), "--debug", "all");
            var file = StageProcess.run(DebugLoggingProducer.class, Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", kafka.saslBootstrapServers(), "KAFKA_TOPIC", topic,
                    "KAFKA_CLIENT_CONFIG", config.toString(), "KAFKA_DEBUG", "all"), List.of(),
                    Duration.ofSeconds(90), "--log-file", logFile.toString());

            assertThat(console.exitCode()).as(console.output()).isZero();
            assertThat(file.exitCode()).as(file.output()).isZero();
            // it really authenticated, with the security context talking and the config dumped
            assertThat(console.stdout())
                    .contains("Delivered 5 of 5 messages.")
                    .contains("DEBUG org.apache.kafka.common.security.authenticator.SaslClientAuthenticator")
                    .contains("sasl.jaas.config = [hidden]")
                    .contains("security.protocol = SASL_PLAINTEXT");
            assertThat(console.output()).doesNotContain(PASSWORD);
            assertThat(file.output()).doesNotContain(PASSWORD);
            assertThat(Files.readString(logFile)).contains("SaslClientAuthenticator").doesNotContain(PASSWORD);
        }
    }
}
