package dev.learnkafka.exercises;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The script {@code exercises/check} with a fake Maven ({@code EXERCISES_CHECK_MVNW}), so it runs in the quick
 * loop: which arguments it accepts, what it asks Maven for, and that it prints the exercise's verdict and one line
 * more, never Maven's boilerplate. {@link CheckCommandTest} runs it with the real Maven.
 */
class CheckScriptTest {
    private static final String USAGE = "usage: exercises/check N [solutions]   (N = 1..11, see docs/exercises/README.md)";
    private static final String LOG_LINE = "Maven's full log: exercises/target/exercise-check/maven.log";
    private static final String VERDICT = "exercises/target/exercise-check/verdict.txt";

    /** Records its arguments, prints FAKE_LOG, writes FAKE_VERDICT where the real check writes its verdict. */
    private static final String FAKE_MAVEN = """
            #!/bin/sh
            printf '%s\\n' "$*" > maven-args
            [ -z "$FAKE_LOG" ] || printf '%s\\n' "$FAKE_LOG"
            [ -z "$FAKE_VERDICT" ] || printf '%s\\n' "$FAKE_VERDICT" > exercises/target/exercise-check/verdict.txt
            exit "${FAKE_RC:-0}"
            """;

    /** What Maven prints around a failed check, as in exercises/target/exercise-check/maven.log. */
    private static final String FAILED_BUILD_LOG = """
            [INFO] Scanning for projects...
            [INFO] Running dev.learnkafka.exercises.Exercise3Test
            [ERROR] Tests run: 1, Failures: 1, Errors: 0, Skipped: 0, Time elapsed: 5.2 s <<< FAILURE! -- in dev.learnkafka.exercises.Exercise3Test
            [ERROR] dev.learnkafka.exercises.Exercise3Test.shouldCount(KafkaBroker) -- Time elapsed: 5.1 s <<< FAILURE!
            java.lang.AssertionError: Exercise 3 (count every outcome): not solved yet
            [ERROR] Failures:\s
            [ERROR]   Exercise3Test.shouldCount Exercise 3 (count every outcome): not solved yet
            [ERROR] Tests run: 1, Failures: 1, Errors: 0, Skipped: 0
            [INFO] BUILD FAILURE
            [ERROR] Failed to execute goal org.apache.maven.plugins:maven-failsafe-plugin:3.5.4:verify (broker-tests) on project exercises: There are test failures.
            [ERROR] -> [Help 1]
            [ERROR] After correcting the problems, you can resume the build with the command
            [ERROR]   mvn <args> -rf :exercises""";

    @TempDir
    Path project;

    private record Run(int exitCode, List<String> lines, String mavenArgs) {
    }

    @BeforeEach
    void copyTheScriptIntoAProjectOfItsOwn() throws IOException {
        Path root = Path.of(System.getProperty("project.root", "..")).toAbsolutePath();
        Path tests = Files.createDirectories(project.resolve("exercises/src/test/java/dev/learnkafka/exercises"));
        Files.createFile(tests.resolve("Exercise3Test.java"));
        Files.copy(root.resolve("exercises/check"), project.resolve("exercises/check"));
        Files.createDirectories(project.resolve("exercises/target/classes")); // a first build has run
        Files.writeString(project.resolve("fake-mvnw"), FAKE_MAVEN);
        assertThat(project.resolve("fake-mvnw").toFile().setExecutable(true)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"3 foo", "3 starter", "3 starters", "3 solution", "3 solutions extra", "x", "3x", "-1",
            "", "solutions 3"})
    void shouldPrintTheUsageAndExitTwoWithoutRunningMavenForAnythingButNOrNSolutions(String arguments)
            throws Exception {
        Run run = check(Map.of(), arguments.isEmpty() ? new String[0] : arguments.split(" "));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.lines()).containsExactly(USAGE);
        assertThat(run.mavenArgs()).isNull();
    }

    @Test
    void shouldSayThereIsNoSuchExerciseAndExitTwo() throws Exception {
        Run run = check(Map.of(), "12");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.lines()).containsExactly("There is no exercise 12: see docs/exercises/README.md for the list.");
        assertThat(run.mavenArgs()).isNull();
    }

    @Test
    void shouldPrintOnlyTheSolvedLineAndExitZeroWhenSolved() throws Exception {
        String solved = "Exercise 3 solved: count every outcome (1 checks passed in 0.3 s)";
        Run run = check(Map.of("FAKE_VERDICT", solved, "FAKE_LOG", "[INFO] Scanning for projects...\n" + solved
                + "\n[INFO] BUILD SUCCESS", "FAKE_RC", "0"), "3");

        assertThat(run.exitCode()).isZero();
        assertThat(run.lines()).containsExactly(solved);
    }

    @Test
    void shouldAskMavenToCompileWithoutTestingUpstreamAndToRunTheOneExerciseOnTheStarters() throws Exception {
        Run run = check(Map.of("FAKE_VERDICT", "Exercise 3 solved: x (1 checks passed in 0.3 s)"), "3");

        // process-test-classes: no module's tests run and no failsafe:verify reads an old summary; the
        // exercise-check profile (exercises/pom.xml) runs ExerciseNTest in that phase
        assertThat(run.mavenArgs()).isEqualTo(
                "-B -ntp -o -pl exercises -am process-test-classes -Dexercise.check=3 -Dexercises=starters");
    }

    @Test
    void shouldCheckTheReferenceSolutionWhenAskedTo() throws Exception {
        Run run = check(Map.of("FAKE_VERDICT", "Exercise 3 solved: x (1 checks passed in 0.3 s)"), "3", "solutions");

        assertThat(run.exitCode()).isZero();
        assertThat(run.mavenArgs()).endsWith(" -Dexercise.check=3 -Dexercises=solutions");
    }

    @Test
    void shouldPrintTheFeedbackAndWhereTheLogIsButNoneOfMavensLinesWhenNotSolved() throws Exception {
        String feedback = """
                Exercise 3 (count every outcome with callbacks, without blocking):\s
                  expected: Tally[delivered=300, failed=1]
                  happened: Tally[delivered=300, failed=0]
                  hint:     count each callback once""";
        Run run = check(Map.of("FAKE_VERDICT", feedback, "FAKE_LOG", FAILED_BUILD_LOG, "FAKE_RC", "1"), "3");

        assertThat(run.exitCode()).isEqualTo(1);
        List<String> expected = new ArrayList<>(feedback.lines().toList());
        expected.add(LOG_LINE);
        assertThat(run.lines()).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldShowTheCompilerErrorsOnceWithProjectPathsWhenTheCodeDoesNotCompile() throws Exception {
        String file = project.toRealPath() + "/exercises/src/main/java/dev/learnkafka/exercises/starter/StarterDeliveryTally.java";
        String log = """
                [INFO] -------------------------------------------------------------
                [ERROR] COMPILATION ERROR :\s
                [INFO] -------------------------------------------------------------
                [ERROR] %1$s:[13,9] cannot find symbol
                  symbol:   class Foo
                  location: class dev.learnkafka.exercises.starter.StarterDeliveryTally
                [INFO] 1 error
                [INFO] -------------------------------------------------------------
                [INFO] BUILD FAILURE
                [ERROR] Failed to execute goal org.apache.maven.plugins:maven-compiler-plugin:3.14.1:compile (default-compile) on project exercises: Compilation failure
                [ERROR] %1$s:[13,9] cannot find symbol
                [ERROR]   symbol:   class Foo
                [ERROR] -> [Help 1]""".formatted(file);
        Run run = check(Map.of("FAKE_LOG", log, "FAKE_RC", "1"), "3");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lines()).containsExactly(
                "Exercise 3: the code does not compile, so the check did not run:",
                "exercises/src/main/java/dev/learnkafka/exercises/starter/StarterDeliveryTally.java:[13,9] cannot find symbol",
                "  symbol:   class Foo",
                "  location: class dev.learnkafka.exercises.starter.StarterDeliveryTally",
                LOG_LINE);
    }

    @Test
    void shouldNeverShowTheVerdictOfAnEarlierCheck() throws Exception {
        Files.createDirectories(project.resolve(VERDICT).getParent());
        Files.writeString(project.resolve(VERDICT), "Exercise 3 solved: x (1 checks passed in 0.3 s)\n");
        Run run = check(Map.of("FAKE_LOG", "[INFO] Scanning for projects...\n[ERROR] Failed to execute goal on project"
                + " exercises: Could not resolve dependencies\n[ERROR] -> [Help 1]", "FAKE_RC", "1"), "3");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lines()).containsExactly(
                "Exercise 3: the check did not run: Failed to execute goal on project exercises: Could not resolve"
                        + " dependencies",
                LOG_LINE);
    }

    @Test
    void shouldGoOnlineAndSaySoWhenNothingIsBuiltYet() throws Exception {
        Files.delete(project.resolve("exercises/target/classes"));
        String solved = "Exercise 3 solved: x (1 checks passed in 0.3 s)";
        Run run = check(Map.of("FAKE_VERDICT", solved), "3");

        assertThat(run.exitCode()).isZero();
        assertThat(run.mavenArgs()).startsWith("-B -ntp -pl exercises");
        assertThat(run.lines()).hasSize(2).endsWith(solved);
        assertThat(run.lines().get(0)).startsWith("First check here: Maven builds the tutorial first");
    }

    private Run check(Map<String, String> fake, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", "exercises/check"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true);
        builder.environment().put("EXERCISES_CHECK_MVNW", project.resolve("fake-mvnw").toString());
        builder.environment().putAll(fake);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("the script ended").isTrue();
        Path args = project.resolve("maven-args");
        return new Run(process.exitValue(), output.lines().toList(),
                Files.exists(args) ? Files.readString(args).strip() : null);
    }
}
