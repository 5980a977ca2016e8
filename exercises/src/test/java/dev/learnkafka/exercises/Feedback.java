package dev.learnkafka.exercises;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Failures a learner can act on: what was expected, what happened, and a hint. Calls into the learner's code go
 * through {@link #within}, so code that blocks fails at a known time with a sentence, not after minutes with a
 * bare TimeoutException.
 */
final class Feedback {
    private Feedback() {
    }

    static AssertionError wrong(String expected, String happened, String hint) {
        return new AssertionError("\n  expected: " + expected + "\n  happened: " + happened + "\n  hint:     " + hint);
    }

    static void check(boolean condition, String expected, String happened, String hint) {
        if (!condition) {
            throw wrong(expected, happened, hint);
        }
    }

    /**
     * Runs {@code code} (the learner's) on a thread of its own and waits at most {@code limit}. When it is still
     * running then, it is interrupted and the check fails with {@code call}, the limit and {@code hint}.
     */
    static <T> T within(Duration limit, String call, String hint, Callable<T> code) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                result.complete(code.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, "exercise-call");
        worker.setDaemon(true);
        long started = System.nanoTime();
        worker.start();
        try {
            return result.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            worker.interrupt();
            throw wrong(call + " returns within " + limit.toMillis() + " ms",
                    "it was still running after " + millisSince(started) + " ms (the check interrupted it)", hint);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        }
    }

    static long millisSince(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }
}
