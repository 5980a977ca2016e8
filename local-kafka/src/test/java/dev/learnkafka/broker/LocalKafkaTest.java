package dev.learnkafka.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/** One single-node broker, shared by the tests of this class (starting one costs seconds). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@Tag("broker")
class LocalKafkaTest {
    private LocalKafka kafka;

    @BeforeAll
    void startBroker() {
        kafka = LocalKafka.builder().build().start();
    }

    @AfterAll
    void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldServeAProducerAndAConsumer() throws Exception {
        String topic = "round-trip-" + UUID.randomUUID();
        kafka.createTopic(topic, 3, 1);

        List<RecordMetadata> sent = Clients.produce(kafka.bootstrapServers(), topic, "value-1", "value-2", "value-3");

        assertThat(sent).allSatisfy(m -> assertThat(m.offset()).isNotNegative());
        assertThat(Clients.consume(kafka.bootstrapServers(), topic, 3))
                .containsExactlyInAnyOrder("value-1", "value-2", "value-3");
    }

    @Test
    void shouldKeepTheLogCleanersHeapBufferSmall() throws Exception {
        // Kafka's default takes 128 MB of heap per broker at start: a test JVM with four brokers stalled for seconds
        // copying them (the broker's own config, as the broker reports it)
        var node = new ConfigResource(ConfigResource.Type.BROKER, "1");
        try (Admin admin = kafka.admin()) {
            var config = admin.describeConfigs(List.of(node)).all().get(30, TimeUnit.SECONDS).get(node);
            assertThat(config.get("log.cleaner.dedupe.buffer.size").value()).isEqualTo("2097152");
        }
    }

    @Test
    void shouldKeepRecordsAcrossARestartOnTheSamePort() throws Exception {
        String topic = "restart-" + UUID.randomUUID();
        kafka.createTopic(topic, 1, 1);
        Clients.produce(kafka.bootstrapServers(), topic, "before-restart");
        String bootstrap = kafka.bootstrapServers();

        kafka.restart();

        assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
        Clients.produce(bootstrap, topic, "after-restart");
        assertThat(Clients.consume(bootstrap, topic, 2)).containsExactly("before-restart", "after-restart");
    }

    @Test
    void shouldRunTwoIndependentBrokersInOneJvm() throws Exception {
        String topic = "only-in-the-second-" + UUID.randomUUID();
        try (LocalKafka second = LocalKafka.builder().build().start()) {
            second.createTopic(topic, 1, 1);
            Clients.produce(second.bootstrapServers(), topic, "hello");

            assertThat(second.bootstrapServers()).isNotEqualTo(kafka.bootstrapServers());
            assertThat(second.clusterId()).isNotEqualTo(kafka.clusterId());
            assertThat(topicNames(second)).contains(topic);
            assertThat(topicNames(kafka)).doesNotContain(topic);
        }
        // the first broker does not notice that the second one is gone
        String ownTopic = "still-serving-" + UUID.randomUUID();
        kafka.createTopic(ownTopic, 1, 1);
        Clients.produce(kafka.bootstrapServers(), ownTopic, "still here");
        assertThat(Clients.consume(kafka.bootstrapServers(), ownTopic, 1)).containsExactly("still here");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldFailFastWithAClearMessageWhenThePortIsInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             LocalKafka blocked = LocalKafka.builder().port(taken.getLocalPort()).build()) {
            int port = taken.getLocalPort();

            assertThatThrownBy(blocked::start)
                    .isInstanceOf(LocalKafkaException.class)
                    .hasMessageContaining("Port " + port)
                    .hasMessageContaining("already in use");
            assertThat(blocked.isRunning(1)).isFalse();
        }
    }

    @Test
    void shouldMoveToFreshPortsWhenAPortItPickedIsTakenBeforeItStarts() throws Exception {
        try (LocalKafka late = LocalKafka.builder().build()) {
            int picked = late.port();
            // what another program may do between the pick and the start: bind the port
            try (ServerSocket taken = new ServerSocket(picked, 50, InetAddress.getLoopbackAddress())) {
                late.start();

                assertThat(late.port()).isNotEqualTo(picked);
                String topic = "moved-" + UUID.randomUUID();
                late.createTopic(topic, 1, 1);
                assertThat(Clients.produce(late.bootstrapServers(), topic, "here")).hasSize(1);
            }
        }
    }

    @Test
    void shouldRunKafkasOwnTopicsToolFromTheSameJars() throws Exception {
        String topic = "made-by-kafka-topics-" + UUID.randomUUID();
        String[] args = {"--bootstrap-server", kafka.bootstrapServers(), "--create", "--topic", topic,
            "--partitions", "3", "--replication-factor", "1"};

        String printed = runTool("org.apache.kafka.tools.TopicCommand", args);

        assertThat(printed).contains("Created topic " + topic);
        try (Admin admin = kafka.admin()) {
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions()).hasSize(3);
        }
    }

    /**
     * Runs a Kafka tool's {@code main} in a JVM of its own, on this module's class path, and returns what it
     * printed; the tool ends with {@code Exit.exit(code)}, the JVM's exit code. (In this JVM it would set Kafka's
     * JVM-wide exit procedure, which every broker start of the other test classes resets.)
     */
    private static String runTool(String mainClass, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        Process tool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String printed = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tool.waitFor(60, TimeUnit.SECONDS)).as("%s ends", mainClass).isTrue();
        assertThat(tool.exitValue()).as("exit code of %s: %s", mainClass, printed).isZero();
        return printed;
    }

    private static Set<String> topicNames(LocalKafka cluster) throws Exception {
        try (Admin admin = cluster.admin()) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }
}
