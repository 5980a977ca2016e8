package dev.learnkafka.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.internals.Exit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Isolated;

/** One single-node broker, shared by the tests of this class (starting one costs seconds). */
// one test runs a Kafka tool in this JVM: it reads System.out and sets Kafka's JVM-wide exit procedure, which
// every LocalKafka start resets, so no other test class may run meanwhile
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@Tag("broker")
@Isolated
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
     * Runs a Kafka tool's {@code main} as exec:java does and returns what it printed. The tools end with
     * {@code Exit.exit(code)}; here the exit procedure records the code instead of ending the test JVM.
     */
    private static String runTool(String mainClass, String... args) throws Exception {
        Method main = Class.forName(mainClass).getMethod("main", String[].class);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        int[] exitCode = {-1};
        Exit.setExitProcedure((code, message) -> exitCode[0] = code);
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            main.invoke(null, (Object) args);
        } finally {
            System.setOut(originalOut);
            // back to what the shared broker relies on: a fatal broker error fails a test, not the JVM
            LocalKafka.preventKafkaFromExitingTheJvm();
        }
        assertThat(exitCode[0]).as("exit code of %s", mainClass).isZero();
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static Set<String> topicNames(LocalKafka cluster) throws Exception {
        try (Admin admin = cluster.admin()) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        }
    }
}
