package dev.learnkafka.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.learnkafka.broker.LocalKafka;
import dev.learnkafka.run.ExitCode;
import dev.learnkafka.run.TutorialEnvironment;
import dev.learnkafka.testing.KafkaTest;
import dev.learnkafka.testing.PrivateBroker;
import dev.learnkafka.testing.StageProcess;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C in the middle of a study, as a reader presses it: the study runs in a JVM of its own, against a broker of
 * the test's own (every topic on it is this study's, whatever another test's study does meanwhile), with the
 * smallest counts, and gets SIGINT while a point of it runs.
 */
@KafkaTest
class StudyInterruptTest {
    /** Progress's line for a finished point (the warm-up's too). */
    private static final Pattern FINISHED = Pattern.compile("(?m)^ +[\\d,]+ msg/s, ");
    private static final Pattern LAST_LINE = Pattern.compile("Interrupted after (\\d+) of (\\d+) points: the "
            + "(?:finished point is|\\d+ finished points are) in (\\S+results\\.csv) and results\\.md; "
            // the point running may have deleted its topic itself just before: the broker is asserted below
            + "(?:deleted its topics? \\(bench-\\S+-\\*\\)|it left no topic on the broker)\\.");

    @Test
    void shouldKeepTheFinishedPointsStopItsJvmsDeleteItsTopicsAndExit130OnCtrlC(@PrivateBroker LocalKafka broker,
                                                                               @TempDir Path dir) throws Exception {
        try (Admin admin = broker.admin()) {
            Set<String> before = benchTopics(admin);
            // a JVM option of no use to the study, to find its JVM: options come before the long classpath, and
            // the command line a process shows may be cut after its first few kilobytes
            String marker = "-Dlearnkafka.test.study=" + dir;
            StageProcess.Running study = StageProcess.start(Study.class,
                    Map.of(TutorialEnvironment.BOOTSTRAP_ENV, broker.bootstrapServers()),
                    List.of(marker, "-D" + ChildJvm.OPTIONS_PROPERTY + "=" + StudyRunTest.CHILD_JVM_OPTIONS),
                    "--quick", "--messages", "1000", "--big", "2000", "--out", dir.toString());

            // the warm-up's line, then the first point kept; then a point's topic exists, so it must be deleted
            await("the first finished point").atMost(Duration.ofSeconds(90))
                    .until(() -> count(FINISHED, study.stdout()) >= 2);
            await("a topic of the study's").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> !newTopics(admin, before).isEmpty());
            // the study is the child of this JVM with the marker (another test's study may run meanwhile, with JVMs
            // of its own); its children are the producer JVMs
            List<ProcessHandle> producerJvms = ProcessHandle.current().children()
                    .filter(child -> child.info().commandLine().orElse("").contains(marker))
                    .flatMap(ProcessHandle::descendants).toList();
            study.signal("INT");
            // the study's own bounds: 5 s per child JVM to stop, 10 s to delete the topics; plus JVM exit
            StageProcess.Result result = study.await(Duration.ofSeconds(60));

            assertThat(result.exitCode()).as(result.output()).isEqualTo(ExitCode.INTERRUPTED);
            List<String> lines = result.stdout().lines().toList();
            Matcher last = LAST_LINE.matcher(lines.get(lines.size() - 1));
            assertThat(last.matches()).as("last line of:\n" + result.output()).isTrue();
            int kept = Integer.parseInt(last.group(1));
            // every point the console said had finished (all but the warm-up) is in the CSV, and nothing else
            assertThat(kept).isEqualTo(count(FINISHED, result.stdout()) - 1).isPositive();
            assertThat(Path.of(last.group(3))).isEqualTo(dir.toAbsolutePath().resolve("results.csv"));
            List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
            assertThat(csv.get(0).split(",")).containsExactlyElementsOf(Report.CSV_COLUMNS);
            assertThat(csv.subList(1, csv.size())).hasSize(kept).allSatisfy(row ->
                    assertThat(row.split(",", -1)).hasSameSizeAs(Report.CSV_COLUMNS.toArray()));
            assertThat(Files.readString(dir.resolve("results.md"))).contains("**Partial results:** the study was "
                    + "interrupted after " + kept + " of " + last.group(2) + " points.");
            // what the main thread throws once its JVMs are stopped is not news
            assertThat(result.stderr()).doesNotContain("error:", "Exception in thread");

            assertThat(newTopics(admin, before)).as("topics the study left").isEmpty();
            assertThat(producerJvms).as("the producer JVM(s) running at Ctrl-C").isNotEmpty()
                    .noneMatch(ProcessHandle::isAlive);
        }
    }

    private static int count(Pattern pattern, String text) {
        return (int) pattern.matcher(text).results().count();
    }

    private static Set<String> newTopics(Admin admin, Set<String> before) throws Exception {
        Set<String> now = new HashSet<>(benchTopics(admin));
        now.removeAll(before);
        return now;
    }

    private static Set<String> benchTopics(Admin admin) throws Exception {
        Set<String> topics = new HashSet<>(admin.listTopics().names().get(10, TimeUnit.SECONDS));
        topics.removeIf(t -> !t.startsWith("bench-"));
        return topics;
    }
}
