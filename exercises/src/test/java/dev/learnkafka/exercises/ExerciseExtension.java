package dev.learnkafka.exercises;

import java.time.Duration;
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
 */
final class ExerciseExtension implements BeforeAllCallback, AfterAllCallback, TestExecutionExceptionHandler,
        TestWatcher {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ExerciseExtension.class);

    private record Tally(long startedNanos, AtomicInteger passed, AtomicInteger failed) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put("tally", new Tally(System.nanoTime(), new AtomicInteger(), new AtomicInteger()));
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
        throw new AssertionError(prefix(exercise) + "the check stopped on " + thrown
                + "\n  hint: when it comes from your code, see docs/exercises/" + exercise.page(),
                thrown);
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        tally(context).passed.incrementAndGet();
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        tally(context).failed.incrementAndGet();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Tally tally = tally(context);
        Exercise exercise = exercise(context);
        if (tally.failed.get() == 0 && tally.passed.get() > 0) {
            Duration took = Duration.ofNanos(System.nanoTime() - tally.startedNanos);
            // the one line a learner waits for; a plain print, since the test JVM's console is the learner's
            System.out.printf("Exercise %d solved: %s (%d checks passed in %.1f s)%n", exercise.number(),
                    exercise.title(), tally.passed.get(), took.toMillis() / 1000.0);
            System.out.flush();
        }
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
