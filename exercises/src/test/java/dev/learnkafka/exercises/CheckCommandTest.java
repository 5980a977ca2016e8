package dev.learnkafka.exercises;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exercises/check} with the real Maven, in a copy of the project whose modules are built already (their
 * target/ directories are copied, so Maven compiles nothing and works offline), and in which an earlier
 * {@code ./mvnw verify} failed: a failed failsafe summary in stage 03 and in the exercises. Before the check
 * compiled its upstream modules only, the summary of stage 03 failed every check ("There are test failures").
 * The check uses this class's broker (KAFKA_BOOTSTRAP_SERVERS, as a trainer's room broker would), so no second
 * broker starts.
 * In the broker loop: it needs the broker, and it starts Maven (about 7 s idle), too slow for the quick loop.
 */
@KafkaTest
class CheckCommandTest {
    /** The modules {@code -pl exercises -am} builds; of the others only the pom is copied (the reactor reads it). */
    private static final List<String> BUILT = List.of("local-kafka", "kafka-test-support", "run-contract",
            "01-high-level-producer", "02-polling-delivery-reports", "03-error-monitoring", "04-debug-logging",
            "05-flush", "exercises");
    private static final String FAILED_SUMMARY = """
            <?xml version="1.0" encoding="UTF-8"?>
            <failsafe-summary result="255" timeout="false">
                <completed>10</completed>
                <errors>0</errors>
                <failures>3</failures>
                <skipped>0</skipped>
                <failureMessage/>
            </failsafe-summary>
            """;

    @TempDir
    static Path copy;

    @BeforeAll
    static void copyTheBuiltProjectAfterAFailedVerify() throws IOException {
        Path root = Path.of(System.getProperty("project.root")).toAbsolutePath().normalize();
        for (String file : List.of("pom.xml", "mvnw", ".mvn", "exercises/check")) {
            copyTree(root, copy, root.resolve(file));
        }
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> Files.isRegularFile(m.resolve("pom.xml"))).toList()) {
                String name = module.getFileName().toString();
                copyTree(root, copy, module.resolve("pom.xml"));
                if (BUILT.contains(name)) {
                    copyTree(root, copy, module.resolve("src"));
                    copyTree(root, copy, module.resolve("target"));
                }
            }
        }
        for (String module : List.of("03-error-monitoring", "exercises")) {
            Path summary = copy.resolve(module).resolve("target/failsafe-reports/failsafe-summary.xml");
            Files.createDirectories(summary.getParent());
            Files.writeString(summary, FAILED_SUMMARY);
        }
    }

    @Test
    void shouldSayOnlyTheExercisesVerdictWhateverAnEarlierVerifyLeftBehind(KafkaBroker broker) throws Exception {
        // one run (a check costs Maven's start): the starter's verdict, not the stale summaries' failure.
        // CheckScriptTest covers the solved path of the script with a fake Maven.
        Check starter = check(broker, "3");
        assertThat(starter.exitCode()).as(starter.output()).isEqualTo(1);
        assertThat(starter.lines()).containsExactly("Exercise 3 (count every outcome with callbacks, without blocking):"
                        + " not solved yet: your starter says \"TODO: exercise 3, count outcomes with callbacks\"."
                        + " Read docs/exercises/03-delivery-tally.md, write your solution in the starter class named"
                        + " there, and check again.",
                "Maven's full log: exercises/target/exercise-check/maven.log");

        // it ran with the failed summaries in place, which the check never read
        assertThat(copy.resolve("03-error-monitoring/target/failsafe-reports/failsafe-summary.xml")).hasContent(FAILED_SUMMARY);
        assertThat(copy.resolve("exercises/target/failsafe-reports/failsafe-summary.xml")).hasContent(FAILED_SUMMARY);
    }

    private record Check(int exitCode, String output) {
        List<String> lines() {
            return output.lines().toList();
        }
    }

    private static Check check(KafkaBroker broker, String... arguments) throws Exception {
        List<String> command = Stream.concat(Stream.of("sh", "exercises/check"), Stream.of(arguments)).toList();
        ProcessBuilder builder = new ProcessBuilder(command).directory(copy.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("JAVA_HOME", System.getProperty("java.home")); // the JDK of this build
        env.remove("MAVEN_PROJECTBASEDIR"); // the outer Maven's; the copy is a project of its own
        env.remove("MAVEN_BASEDIR");
        env.remove("EXERCISES_CHECK_MVNW");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // a bound against a hung Maven only, far above a check's 10-20 s; no time is asserted
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
        return new Check(process.exitValue(), output);
    }

    /**
     * Copies with timestamps, so Maven finds every class up to date; the compiler plugin's lists of input files
     * hold absolute paths, which are moved to the copy (else it would recompile every module).
     */
    private static void copyTree(Path root, Path to, Path from) throws IOException {
        if (!Files.exists(from)) {
            return;
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                String relative = root.relativize(source).toString();
                if (relative.contains("failsafe-reports") || relative.contains("surefire-reports")
                        || relative.contains("exercise-check")) {
                    continue;
                }
                Path target = to.resolve(relative);
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                if (source.getFileName().toString().endsWith(".lst")) {
                    Files.writeString(target, Files.readString(source).replace(root.toString(), to.toString()));
                    Files.setLastModifiedTime(target, Files.getLastModifiedTime(source));
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
