package dev.learnkafka.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command-line broker on a disk that fills up: its data directory on a 40 MiB tmpfs (Linux, root only; skipped
 * elsewhere), as a hostile tester had it. Kafka takes the directory offline and keeps running; the console must say
 * so, and Ctrl-C must still stop it in seconds with its usual last line.
 */
// sets system properties
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@Tag("broker")
@ResourceLock(Resources.SYSTEM_PROPERTIES)
class LocalKafkaDiskFullTest {
    // SLF4J set up before run(): run() pointing it at a log file must not capture the test JVM's logs
    private static final Logger log = LoggerFactory.getLogger(LocalKafkaDiskFullTest.class);

    /**
     * A stop skips the controlled shutdown of a node whose directory is offline; what remains is closing the node,
     * about a second here, plus the 5 s KRaft hard-codes for its raft client to shut down, plus a 9 s margin for a
     * busy machine. Without the fix it was the 60 s the shutdown hook waits, then an exit without the last line.
     */
    private static final Duration STOP_BOUND = Duration.ofSeconds(15);

    @TempDir
    Path tmp;
    private Path mount;
    private final String logFileBefore = System.getProperty(LocalKafkaMain.LOG_FILE_PROPERTY);

    @BeforeEach
    void mountA40MibFilesystem() throws Exception {
        mount = Files.createDirectories(tmp.resolve("small-disk"));
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "a tmpfs mount needs Linux");
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", mount.toString()) == 0,
                "mounting a tmpfs needs root");
    }

    @AfterEach
    void unmount() throws Exception {
        if (logFileBefore == null) {
            System.clearProperty(LocalKafkaMain.LOG_FILE_PROPERTY);
        }
        if (run("umount", mount.toString()) != 0) {
            run("umount", "-l", mount.toString()); // busy: detach now, freed when the last file closes
        }
    }

    @Test
    void shouldSayOnTheConsoleWhenItsDiskIsFullAndStillStopInSeconds() {
        Path dataDir = mount.resolve("data");
        int port = Ports.freePort();
        String bootstrap = "localhost:" + port;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicLong stopRequested = new AtomicLong();

        int code = LocalKafkaMain.run(new String[] {"--port", Integer.toString(port),
            "--controller-port", Integer.toString(Ports.freePort()), "--data-dir", dataDir.toString(),
            "--topic", "disk-full", "--partitions", "1"}, stream(out), stream(err), control -> {
                long filled = System.nanoTime();
                fill(mount);
                // Kafka would find the full disk by itself within 5 s (its checkpoint interval); a record finds it
                // at once. Its outcome is not checked: it races with those checkpoints (storage error or timeout).
                try (KafkaProducer<String, String> producer = producer(bootstrap)) {
                    producer.send(new ProducerRecord<>("disk-full", "does not fit"));
                    await().atMost(Duration.ofSeconds(20))
                            .until(() -> err.toString(StandardCharsets.UTF_8).contains("disk is full"));
                    producer.close(Duration.ZERO);
                }
                stopRequested.set(System.nanoTime()); // what Ctrl-C does: the lifetime ends
                log.info("The console said the disk is full {} ms after it was.",
                        TimeUnit.NANOSECONDS.toMillis(stopRequested.get() - filled));
            });
        Duration stopping = Duration.ofNanos(System.nanoTime() - stopRequested.get());
        log.info("Kafka on a full disk stopped in {} ms.", stopping.toMillis());

        List<String> errLines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(errLines).singleElement().asString().startsWith("local-kafka: ")
                .contains(dataDir.toString(), "its disk is full", "KAFKA_STORAGE_ERROR", "Ctrl-C");
        assertThat(code).isEqualTo(LocalKafkaMain.EXIT_OK);
        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).last().asString()
                .isEqualTo("Kafka at " + bootstrap + " stopped; its data stays in " + dataDir + ".");
        assertThat(stopping).isLessThan(STOP_BOUND);
    }

    /** Writes a file until the filesystem refuses. */
    private static void fill(Path mount) {
        byte[] megabyte = new byte[1024 * 1024];
        try (OutputStream file = Files.newOutputStream(mount.resolve("filler"))) {
            while (true) {
                file.write(megabyte);
            }
        } catch (IOException e) {
            log.info("The disk is full: {}", e.getMessage());
        }
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // no producer id to ask for: that needs the controller, whose metadata log is on the same full disk
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        return new KafkaProducer<>(props);
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (process.exitValue() != 0) {
            log.info("{} exited {}: {}", String.join(" ", command), process.exitValue(), output);
        }
        return process.exitValue();
    }

    private static PrintStream stream(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
