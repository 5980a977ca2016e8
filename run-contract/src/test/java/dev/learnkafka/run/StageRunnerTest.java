package dev.learnkafka.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class StageRunnerTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldExitTwoInOneLineWhenTheProducerRejectsItsConfiguration() {
        // KafkaProducer's constructor wraps what its configuration check throws
        int code = StageRunner.run(args -> {
            throw new KafkaException("Failed to construct kafka producer", new ConfigException(
                    "delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms"));
        }, new String[0], err);

        assertThat(code).isEqualTo(ExitCode.USAGE);
        assertThat(printed().strip().lines()).singleElement().asString()
                .startsWith("error: the producer rejects its configuration")
                .contains("KAFKA_CLIENT_CONFIG", "delivery.timeout.ms should be");
    }

    @Test
    void shouldExitTwoForAUsageErrorAndOneForAnyOtherKafkaError() {
        assertThat(StageRunner.run(args -> {
            throw new UsageException("--messages needs a value: --messages N.");
        }, new String[0], err)).isEqualTo(ExitCode.USAGE);
        assertThat(StageRunner.run(args -> {
            throw new KafkaException("boom");
        }, new String[0], err)).isEqualTo(ExitCode.FAILED);
    }

    @Test
    void shouldRunTheStageAsAProgramOnAThreadNamedMainWhateverTheLauncherCalledIt() throws Exception {
        // exec:java's thread is named after the class, e.g.
        // "dev.learnkafka.producer.highlevel.HighLevelProducerDemo.main()"
        AtomicReference<String> name = new AtomicReference<>();
        AtomicReference<Integer> code = new AtomicReference<>();
        Thread launcher = new Thread(() -> code.set(StageRunner.main(args -> {
            name.set(Thread.currentThread().getName());
            return ExitCode.OK;
        }, new String[0])), "dev.learnkafka.SomeStage.main()");
        launcher.start();
        launcher.join();

        assertThat(code.get()).isEqualTo(ExitCode.OK);
        assertThat(name.get()).isEqualTo("main");
    }

    @Test
    void shouldInterruptAStageThatWaitsButNeverOneInsideTheProducer() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        Thread waiting = new Thread(() -> {
            try {
                never.await(); // a lesson's own wait: Ctrl-C frees it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "waiting");
        waiting.setDaemon(true);
        waiting.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> waiting.getState() == Thread.State.WAITING);
        assertThat(StageRunner.interruptible(waiting)).isTrue();

        // a producer that flushes with no broker to flush to: its thread waits inside KafkaProducer.flush()
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            Thread flushing = new Thread(() -> {
                try {
                    producer.partitionsFor("t"); // waits for metadata that never comes, inside the producer
                } catch (RuntimeException e) {
                    // closed under it at the end of the test
                }
            }, "in-the-producer");
            flushing.setDaemon(true);
            flushing.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> flushing.getState() == Thread.State.TIMED_WAITING);
            assertThat(StageRunner.interruptible(flushing)).isFalse();
            producer.close(Duration.ZERO);
        }
        assertThat(StageRunner.interruptible(Thread.currentThread())).as("a running thread").isFalse();
    }
}
