package dev.learnkafka.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.learnkafka.run.ExitCode;
import dev.learnkafka.run.StageRunner;
import dev.learnkafka.run.TutorialEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the study says before it measures anything: --help, and an --out it cannot use. No broker: the address
 * given answers nothing, so a check made after the broker's would fail otherwise (exit 1), not pass.
 */
class StudyCommandLineTest {
    private static final TutorialEnvironment NO_BROKER = TutorialEnvironment.of(Map.of(
            TutorialEnvironment.BOOTSTRAP_ENV, "localhost:1"));

    @Test
    void shouldRefuseAnOutThatIsAFileWithExitTwoAndOneSentenceBeforeAnythingElse(@TempDir Path dir)
            throws Exception {
        Path file = Files.writeString(dir.resolve("results.txt"), "mine");

        Run run = study("--quick", "--out", file.toString());

        assertThat(run.code).as(run.err).isEqualTo(ExitCode.USAGE);
        assertThat(run.err.lines()).containsExactly("error: --out " + file + " is a file, not a folder: give a "
                + "folder for the results (it is created if missing). Run with --help to see the options.");
        assertThat(run.out).as("nothing measured, no broker asked").isEmpty();
        assertThat(Files.readString(file)).isEqualTo("mine");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void shouldRefuseAnOutThatCannotBeCreatedWithExitTwoAndOneSentenceBeforeAnythingElse() throws Exception {
        Run run = study("--quick", "--out", "/proc/x");

        assertThat(run.code).as(run.err).isEqualTo(ExitCode.USAGE);
        assertThat(run.err.lines()).singleElement().asString()
                .startsWith("error: --out /proc/x cannot be used as a folder for the results (")
                .contains("): give a folder you can write to.")
                .doesNotContain("Exception");
        assertThat(run.out).isEmpty();
    }

    @Test
    void shouldSayInItsHelpHowAnInterruptedStudyEndsAndWhatItsExitCodesMean() throws Exception {
        Run run = study("--help");

        assertThat(run.code).isEqualTo(ExitCode.OK);
        assertThat(run.out).contains("--out DIR", "created if missing", "rewritten as each point ends",
                "Ctrl-C (or SIGTERM) keeps the points measured so", "deletes the study's topics",
                "0 the study ran", "2 bad usage or config (an --out", "130 interrupted (Ctrl-C or SIGTERM)");
        // a stage's help says these; the study writes to no KAFKA_TOPIC and delivers no reader's messages
        assertThat(run.out).doesNotContain("KAFKA_TOPIC", "every message delivered");
    }

    private record Run(int code, String out, String err) {
    }

    private static Run study(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream console = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = StageRunner.run(a -> Study.run(a, NO_BROKER, console), args,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
