package dev.learnkafka.run;

import java.io.PrintStream;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;

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
            ConfigException config = configException(e);
            if (config != null) {
                // the stage's settings with KAFKA_CLIENT_CONFIG on top do not go together (e.g. acks=1 with
                // enable.idempotence=true): bad configuration, not a failed delivery
                err.println("error: the producer rejects its configuration (the stage's settings with "
                        + TutorialEnvironment.CLIENT_CONFIG_ENV + " on top): " + config.getMessage());
                return ExitCode.USAGE;
            }
            err.println("error: " + describe(e));
            return ExitCode.FAILED;
        } catch (Exception e) {
            err.println("error: " + describe(e));
            return ExitCode.FAILED;
        }
    }

    private static ConfigException configException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConfigException config) {
                return config;
            }
        }
        return null;
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
