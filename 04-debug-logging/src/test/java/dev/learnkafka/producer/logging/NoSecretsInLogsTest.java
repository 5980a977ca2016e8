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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --debug all against a broker that asks for SASL/PLAIN: the password never shows, in any output, on the console
 * or in a --log-file. Each run in a JVM of its own: logging settings are per JVM and fixed at the first logger.
 */
@Tag("broker")
class NoSecretsInLogsTest {
    private static final String PASSWORD = "alice-secret";
    private static final Duration LIMIT = Duration.ofSeconds(90);

    @TempDir
    static Path dir;
    private static LocalKafka kafka;
    private static Path config;

    @BeforeAll
    static void startABrokerThatAsksForAPassword() throws Exception {
        kafka = LocalKafka.builder().saslPlainUser("alice", PASSWORD).build().start();
        config = dir.resolve("client.properties");
        Files.writeString(config, String.join("\n",
                "security.protocol=SASL_PLAINTEXT",
                "sasl.mechanism=PLAIN",
                "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"alice\" password=\"" + PASSWORD + "\";"));
    }

    @AfterAll
    static void stopTheBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    private static Map<String, String> env(String topic) {
        kafka.createTopic(topic, 3, 1);
        return Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.saslBootstrapServers(), "KAFKA_TOPIC", topic,
                "KAFKA_CLIENT_CONFIG", config.toString());
    }

    @Test
    void shouldNeverPrintTheSaslPasswordEvenWithDebugAll() throws Exception {
        var console = StageProcess.run(DebugLoggingDemo.class, env(KafkaBroker.uniqueTopic("secrets04")),
                List.of(), LIMIT, "--debug", "all");

        assertThat(console.exitCode()).as(console.output()).isZero();
        // it really authenticated, with the security context talking and the config dumped
        assertThat(console.stdout())
                .contains("Delivered 5 of 5 messages.")
                .contains("DEBUG org.apache.kafka.common.security.authenticator.SaslClientAuthenticator")
                .contains("sasl.jaas.config = [hidden]")
                .contains("security.protocol = SASL_PLAINTEXT");
        assertThat(console.output()).doesNotContain(PASSWORD);
    }

    /** KAFKA_DEBUG=all with --log-file: every log line in the file, none on the console, no password anywhere. */
    @Test
    void shouldWriteLogLinesToTheFileInsteadOfTheConsoleAndNeverThePassword() throws Exception {
        String topic = KafkaBroker.uniqueTopic("file04");
        Path logFile = dir.resolve("debug.log");
        var env = new java.util.HashMap<>(env(topic));
        env.put("KAFKA_DEBUG", "all");

        var run = StageProcess.run(DebugLoggingDemo.class, env, List.of(), LIMIT,
                "--log-file", logFile.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stdout().strip()).isEqualTo("Log lines written to " + logFile);
        assertThat(run.stderr()).isEmpty();
        assertThat(Files.readString(logFile))
                .contains("DEBUG org.apache.kafka.clients.producer.KafkaProducer - [Producer clientId=demo-producer] "
                        + "Kafka producer started")
                .contains("SaslClientAuthenticator")
                .contains("Delivered value-5 to " + topic, "Delivered 5 of 5 messages.", "The log listener received")
                .doesNotContain(PASSWORD);
        assertThat(run.output()).doesNotContain(PASSWORD);
    }
}
