package dev.learnkafka.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import dev.learnkafka.broker.LocalKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A broker whose disk is full keeps answering, with KAFKA_STORAGE_ERROR to every write, until the messages
 * expire; the client's own TimeoutException says nothing of why. The run's error line and its summary (the last
 * line) name the broker-side cause. The broker's data directory is a 40 MiB tmpfs, filled up: the test needs root
 * and {@code mount}, and is skipped where it has neither.
 */
// runs a lesson in this JVM (Run.run): the run contract's outcomes are one per JVM
@Tag("broker")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
@ResourceLock("dev.learnkafka.run.Outcomes")
class FullDiskTest {
    private static final CommandLine OPTIONS = new CommandLine("full-disk", "Sends N messages.")
            .intOption("--messages", "N", "how many messages to send", 5, 1, 1_000_000);

    @Test
    void shouldNameTheBrokersFullDiskInTheErrorLineAndTheSummary(@TempDir Path dir) throws Exception {
        Path disk = Files.createDirectories(dir.resolve("disk"));
        assumeTrue(mount(disk), "this test mounts a small tmpfs: it needs root and mount");
        try (LocalKafka broker = LocalKafka.builder().dataDir(disk.resolve("kafka")).build().start()) {
            broker.createTopic("full", 1, 1);
            fill(disk);
            // a short delivery timeout: the messages expire after 3 s of KAFKA_STORAGE_ERROR answers
            Path config = Files.writeString(dir.resolve("client.properties"), "delivery.timeout.ms=3000\n"
                    + "request.timeout.ms=1000\nlinger.ms=0\nmax.block.ms=3000\n");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

            int code = Run.run(new String[] {"--messages", "1000"}, Map.of("KAFKA_BOOTSTRAP_SERVERS",
                    broker.bootstrapServers(), "KAFKA_TOPIC", "full", "KAFKA_CLIENT_CONFIG", config.toString()),
                    OPTIONS, FullDiskTest::lesson, err);

            String summary = Outcomes.current().summary();
            System.out.println(bytes.toString(StandardCharsets.UTF_8) + summary);
            assertThat(code).isEqualTo(ExitCode.FAILED);
            assertThat(summary).contains("Why: the broker cannot write to its disk: log directory ")
                    .contains("KAFKA_STORAGE_ERROR");
        } finally {
            new ProcessBuilder("umount", "-l", disk.toString()).inheritIO().start().waitFor();
        }
    }

    /** Like stage 01: sends value-1..value-N, then closes. */
    private static int lesson(Run run) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, run.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.putAll(run.yourSettings());
        try (Producer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 1; i <= run.messages(); i++) {
                producer.send(new ProducerRecord<>(run.topic(), "value-" + i));
            }
        }
        return ExitCode.OK;
    }

    private static boolean mount(Path dir) {
        try {
            Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", dir.toString())
                    .redirectErrorStream(true).start();
            return mount.waitFor(10, TimeUnit.SECONDS) && mount.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Writes a file until the disk has no room left. */
    private static void fill(Path disk) {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(disk.resolve("filler"))) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // No space left on device: as intended
        }
    }
}
