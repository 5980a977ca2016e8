package dev.learnkafka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.imageio.ImageIO;

import dev.learnkafka.run.ExitCode;
import dev.learnkafka.run.TutorialEnvironment;
import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The study runs, end to end, against a real broker: --quick with tiny counts. It checks that every part ran and
 * that the outputs are well-formed; it asserts no timing (those are the study's output, not a test's).
 */
@KafkaTest
class StudyRunTest {
    /** The study's JVMs as the project's short-lived test JVMs: tiny points, less CPU; no test asserts a rate. */
    static final String CHILD_JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    @BeforeAll
    static void childJvmsWithoutTheOptimizingCompiler() {
        System.setProperty(ChildJvm.OPTIONS_PROPERTY, CHILD_JVM_OPTIONS);
    }

    @AfterAll
    static void childJvmsAsAReadersStudyHasThem() {
        System.clearProperty(ChildJvm.OPTIONS_PROPERTY);
    }

    @Test
    void shouldRunTheQuickStudyAndWriteAWellFormedCsvMarkdownAndCharts(KafkaBroker broker, @TempDir Path dir)
            throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int code = Study.run(new String[] {"--quick", "--messages", "1000", "--big", "2000", "--rounds", "1",
                        "--perf-runs", "1", "--out", dir.toString()},
                TutorialEnvironment.of(Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers())),
                new PrintStream(console, true, StandardCharsets.UTF_8));
        String output = console.toString(StandardCharsets.UTF_8);

        assertThat(code).as(output).isEqualTo(ExitCode.OK);
        // progress: every point announced, with an estimate of the time left
        assertThat(output).contains("[ 1/", "left", "Best settings found:", "Stage 02 queue + poll vs plain");

        List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
        assertThat(csv.get(0).split(",")).containsExactlyElementsOf(Report.CSV_COLUMNS);
        List<Map<String, String>> rows = csv.subList(1, csv.size()).stream().map(StudyRunTest::row).toList();
        assertThat(rows).extracting(r -> r.get("group")).contains(Report.GRID, Report.COMPRESSION, Report.ACKS,
                Report.SIZE, Report.PATHS, Report.PERF_DEFAULTS, Report.PERF_BEST, Report.HEAP);
        assertThat(rows).extracting(r -> r.get("path")).contains("plain", "queued", "debug_all", "flush",
                "perf_test");
        assertThat(rows).allSatisfy(r -> {
            assertThat(Double.parseDouble(r.get("msgs_per_s"))).isPositive();
            assertThat(r.get("failed")).isEqualTo("0");
        });
        // the producer JVM's heap was measured for its points; perf-test runs have none
        assertThat(rows).filteredOn(r -> !r.get("path").equals("perf_test"))
                .allSatisfy(r -> assertThat(Double.parseDouble(r.get("heap_peak_mib"))).isPositive());
        assertThat(rows).filteredOn(r -> r.get("group").equals(Report.HEAP))
                .extracting(r -> r.get("messages")).containsExactly("2000");

        assertThat(Files.readString(dir.resolve("results.md"))).contains("| group | path | settings");
        assertThat(Files.readAllLines(dir.resolve("flush-waves.csv"))).hasSize(ProducerWorker.FLUSHES + 1);
        for (String chart : Charts.FILES) {
            assertThat(ImageIO.read(dir.resolve(chart).toFile())).as(chart).isNotNull();
        }
    }

    private static Map<String, String> row(String line) {
        String[] values = line.split(",", -1);
        assertThat(values).hasSameSizeAs(Report.CSV_COLUMNS.toArray());
        return IntStream.range(0, values.length).boxed()
                .collect(Collectors.toMap(Report.CSV_COLUMNS::get, i -> values[i]));
    }
}
