package dev.learnkafka.run;

import java.io.PrintStream;

import org.apache.kafka.common.KafkaException;

/**
 * Runs a stage's main logic and turns its outcome into the contract's exit code, with one clear line on
 * standard error for a failure instead of a wall of stack trace.
 */
public final class StageRunner {

    /** A stage's main logic: returns {@link ExitCode#OK} or {@link ExitCode#FAILED}. */
    @FunctionalInterface
    public interface Stage {
        int run(String[] args) throws Exception;
    }

    private StageRunner() {
    }

    /** Runs the stage and returns the exit code; {@code main} passes it to {@code System.exit}. */
    public static int run(Stage stage, String[] args, PrintStream err) {
        try {
            return stage.run(args);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage() + " Run with --help to see the options.");
            return ExitCode.USAGE;
        } catch (BrokerUnavailableException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("error: interrupted.");
            return ExitCode.FAILED;
        } catch (KafkaException e) {
            err.println("error: " + describe(e));
            return ExitCode.FAILED;
        } catch (Exception e) {
            err.println("error: " + describe(e));
            return ExitCode.FAILED;
        }
    }

    /** The exception's class and message, and the root cause's when it says more. */
    public static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (root != e && root.getMessage() != null && !String.valueOf(e.getMessage()).contains(root.getMessage())) {
            text += " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return text;
    }
}
