package dev.learnkafka.exercises;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestWatcher;
import org.opentest4j.TestAbortedException;

/**
 * The feedback of an exercise test. A starter's {@code UnsupportedOperationException("TODO: ...")} becomes
 * "not solved yet" with the page to read; any other failure gets the exercise's number in front; when every
 * check of the class passed, one line says so on the console (System.out is not redirected in this module,
 * so the line shows even under {@code ./mvnw -q}).
 *
 * <p>Under {@code exercises/check} (system property {@value #VERDICT_PROPERTY}) it also writes the verdict to that
 * file: the solved line, or each failure's message (expected / happened / hint). The script prints that file and
 * nothing of Maven's output, so a learner reads the exercise's own words only.
 */
final class ExerciseExtension implements BeforeAllCallback, AfterAllCallback, TestExecutionExceptionHandler,
        TestWatcher {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ExerciseExtension.class);

    static final String VERDICT_PROPERTY = "exercises.verdict";

    private record Tally(long startedNanos, AtomicInteger passed, List<String> failures) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put("tally", new Tally(System.nanoTime(), new AtomicInteger(), new CopyOnWriteArrayList<>()));
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        if (thrown instanceof TestAbortedException) {
            throw thrown;
        }
        Exercise exercise = exercise(context);
        for (Throwable suppressed : thrown.getSuppressed()) {
            if (suppressed instanceof AssertionError && !(thrown instanceof AssertionError)) {
                thrown = suppressed; // the check's own verdict, hidden under what ended the test later
                break;
            }
        }
        String todo = todoMessage(thrown);
        if (todo != null) {
            AssertionError notYet = new AssertionError(prefix(exercise) + "not solved yet: your starter says \""
                    + todo + "\". Read docs/exercises/" + exercise.page() + ", write your solution in the starter"
                    + " class named there, and check again.", null);
            notYet.setStackTrace(new StackTraceElement[0]);
            throw notYet;
        }
        if (thrown instanceof AssertionError) {
            AssertionError feedback = new AssertionError(prefix(exercise) + thrown.getMessage(), thrown.getCause());
            if (thrown.getCause() == null) {
                // the message says it all: no stack trace of the check's own code under it
                feedback.setStackTrace(new StackTraceElement[0]);
            }
            throw feedback;
        }
        throw new AssertionError(prefix(exercise) + "the check stopped on " + thrown + where(thrown)
                + "\n  hint:     when it comes from your code, see docs/exercises/" + exercise.page(),
                thrown);
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        tally(context).passed.incrementAndGet();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        // the handler above gave every failure of a check method its exercise prefix; others keep their type
        String prefix = prefix(exercise(context));
        String message = String.valueOf(cause.getMessage());
        tally(context).failures.add(message.startsWith(prefix) ? message : prefix + cause);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Tally tally = tally(context); // null when an earlier extension's beforeAll failed (the broker's start)
        Exercise exercise = exercise(context);
        String verdict;
        if (tally != null && tally.failures.isEmpty() && tally.passed.get() > 0) {
            Duration took = Duration.ofNanos(System.nanoTime() - tally.startedNanos);
            verdict = String.format("Exercise %d solved: %s (%d checks passed in %.1f s)", exercise.number(),
                    exercise.title(), tally.passed.get(), took.toMillis() / 1000.0);
            // the one line a learner waits for; a plain print, since the test JVM's console is the learner's
            System.out.println(verdict);
            System.out.flush();
        } else if (tally != null && !tally.failures.isEmpty()) {
            verdict = String.join("\n", tally.failures);
        } else {
            verdict = prefix(exercise) + "the check did not run: " + context.getExecutionException()
                    .map(t -> t.toString().replace('\n', ' ')).orElse("no check was started")
                    + "\n  hint:     the full log names the cause; run the check again once it is fixed.";
        }
        writeVerdict(verdict);
    }

    /** Writes the verdict where exercises/check reads it, when it asked for one. */
    static void writeVerdict(String verdict) {
        String file = System.getProperty(VERDICT_PROPERTY);
        if (file == null || file.isBlank()) {
            return;
        }
        try {
            Path path = Path.of(file);
            Files.createDirectories(path.toAbsolutePath().getParent());
            // line by line as the learner reads it (a feedback message opens with "): " and a line break)
            Files.write(path, verdict.lines().map(String::stripTrailing).toList(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the exercise's verdict to " + file + ".", e);
        }
    }

    /** The frame of the exercise's implementation (starter or solution) an unexpected exception came from. */
    static String where(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getClassName().startsWith("dev.learnkafka.exercises.starter.")
                        || frame.getClassName().startsWith("dev.learnkafka.exercises.solution.")) {
                    return "\n  where:    " + frame;
                }
            }
        }
        return "";
    }

    private static Tally tally(ExtensionContext context) {
        ExtensionContext classContext = context.getTestMethod().isPresent() ? context.getParent().orElseThrow() : context;
        return classContext.getStore(NAMESPACE).get("tally", Tally.class);
    }

    private static Exercise exercise(ExtensionContext context) {
        return context.getRequiredTestClass().getAnnotation(Exercise.class);
    }

    private static String prefix(Exercise exercise) {
        return "Exercise " + exercise.number() + " (" + exercise.title() + "): ";
    }

    /** The TODO message of a starter, wherever it sits in the cause chain; null when there is none. */
    static String todoMessage(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof UnsupportedOperationException && t.getMessage() != null
                    && t.getMessage().startsWith("TODO")) {
                return t.getMessage();
            }
        }
        return null;
    }
}
