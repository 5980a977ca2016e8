package dev.learnkafka.exercises;

import static dev.learnkafka.exercises.Feedback.check;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.learnkafka.testing.KafkaBroker;
import dev.learnkafka.testing.KafkaTest;
import dev.learnkafka.testing.StageProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@KafkaTest
@Exercise(number = 7, title = "exactly the debug context that shows batches, caught by a log listener",
        page = "07-batch-debug.md")
@Timeout(40)
class Exercise7Test {

    @Test
    void shouldShowBatchesBeingSentWithOneContextAndCatchOnlyThoseLines(KafkaBroker broker, @TempDir Path dir)
            throws Exception {
        String topic = KafkaBroker.uniqueTopic("batches");
        broker.createTopic(topic, 1);
        Path logFile = dir.resolve("client.log");
        StageProcess.Result run = StageProcess.run(LoggingExerciseRun.class, Map.of(),
                List.of("-Dexercises=" + System.getProperty("exercises", "solutions")), Duration.ofSeconds(30),
                "batch", broker.bootstrapServers(), topic, logFile.toString());
        List<String> out = run.stdout().lines().toList();
        Runs.rethrowTodo(out);
        out.stream().filter(l -> l.startsWith("BAD-SPEC ")).findFirst().ifPresent(l -> {
            throw Feedback.wrong("a debug spec in librdkafka's syntax", l.substring(9),
                    "one context name, or a comma list; docs/04-debug-logging.md has the table.");
        });
        check(run.exitCode() == 0, "the run ends normally", "exit code " + run.exitCode() + "\n" + run.stderr(),
                "see the error above: your listener must not throw.");
        String contexts = out.stream().filter(l -> l.startsWith("CONTEXTS ")).map(l -> l.substring(9))
                .findFirst().orElse("");
        check(contexts.equals("msg"), "exactly one context: the one whose loggers say a batch is sent",
                "contexts [" + contexts + "], which write " + (Files.exists(logFile) ? Files.readAllLines(logFile).size()
                        : 0) + " log lines for 3 records",
                "'all' shows it too, in hundreds of lines; the table in docs/04-debug-logging.md says which context"
                        + " covers 'batch ready, sent, acknowledged'.");
        List<String> caught = out.stream().filter(l -> l.startsWith("LINE ")).map(l -> l.substring(5)).toList();
        check(caught.stream().anyMatch(l -> l.contains("Sent produce request")),
                "your listener catches the line saying the batch was sent (\"Sent produce request to ...\")",
                "it caught " + caught.size() + " lines" + (caught.isEmpty() ? "" : ", e.g. " + caught.get(0)),
                "look in the log file of a run with your context (stage 04's --log-file) for the sending line"
                        + " and the acknowledging one, and match on their words.");
        List<String> others = caught.stream()
                .filter(l -> !l.contains("produce request") && !l.contains("produce response")
                        && !l.contains("Successfully produced messages")).toList();
        check(others.isEmpty(), "only lines about sending or acknowledging a batch",
                others.size() + " others, e.g. " + (others.isEmpty() ? "" : others.get(0)),
                "a line per record (\"Attempting to append record\") is not a batch being sent: filter on the"
                        + " message, not only the logger.");
    }
}
