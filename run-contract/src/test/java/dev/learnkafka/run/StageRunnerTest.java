package dev.learnkafka.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
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
}
