package dev.learnkafka.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A second Kafka on the data directory of a running one fails at once, and the running one goes on untouched. */
@Tag("broker")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DataDirectoryLockTest {

    @Test
    void shouldRefuseASecondBrokerOnTheSameDataDirectoryBeforeItStartsAnythingAndLeaveTheFirstUntouched(
            @TempDir Path tmp) throws Exception {
        Path dataDir = tmp.resolve("b3");
        try (LocalKafka first = LocalKafka.builder().dataDir(dataDir).build().start()) {
            first.createTopic("before", 1, 1);

            // the second one, as a reader would start it in another terminal: its own JVM, another port
            Path err = tmp.resolve("second.err");
            int secondPort = Ports.freePort();
            Process second = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), LocalKafkaMain.class.getName(),
                    "--port", Integer.toString(secondPort), "--controller-port", Integer.toString(Ports.freePort()),
                    "--data-dir", dataDir.toString(), "--log-file", tmp.resolve("second.log").toString())
                    .redirectError(err.toFile()).redirectOutput(tmp.resolve("second.out").toFile()).start();
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("the second broker gives up").isTrue();

            assertThat(second.exitValue()).isEqualTo(LocalKafkaMain.EXIT_FAILURE);
            assertThat(Files.readAllLines(err, StandardCharsets.UTF_8)).singleElement().asString()
                    .startsWith("local-kafka: ")
                    .contains(dataDir.toString(), "in use by another Kafka");
            assertThat(Ports.isFree(secondPort)).as("the second broker never listened").isTrue();

            // the first one still does everything a broker does, and stops promptly
            first.createTopic("after", 3, 1);
            try (Admin admin = first.admin()) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("before", "after");
            }
            long stopping = System.nanoTime();
            first.stop();
            assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(20));
        }
    }

    @Test
    void shouldRefuseASecondClusterOnTheSameDataDirectoryInOneJvmAndAllowItOnceTheFirstIsClosed(
            @TempDir Path dataDir) {
        LocalKafka first = LocalKafka.builder().dataDir(dataDir).build();

        assertThatThrownBy(() -> LocalKafka.builder().dataDir(dataDir).build())
                .isInstanceOf(LocalKafkaException.class)
                .hasMessageContaining("in use by another Kafka");

        first.close();
        LocalKafka.builder().dataDir(dataDir).build().close();
        assertThat(List.of(dataDir.toFile().list())).contains("cluster.id");
    }
}
