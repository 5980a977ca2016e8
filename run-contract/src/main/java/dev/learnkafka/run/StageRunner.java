package dev.learnkafka.run;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;

/**
 * Runs a stage's main logic and keeps the run contract around it:
 * <ul>
 *   <li>the outcome becomes the contract's exit code, with one clear line on standard error for a failure
 *       instead of a wall of stack trace;</li>
 *   <li>when the stage {@linkplain Outcomes#watch watched} its producer, the summary "Delivered X, failed Y,
 *       unknown U, not sent Z of N messages." is printed however the run ends;</li>
 *   <li>Ctrl-C (SIGINT) or SIGTERM closes the producer, waiting at most {@link #CLOSE_ON_INTERRUPT} for what is
 *       in flight, prints the summary and exits 130.</li>
 * </ul>
 */
public final class StageRunner {
    /** How long Ctrl-C lets the producer deliver what it holds before it gives up on it. */
    public static final Duration CLOSE_ON_INTERRUPT = Duration.ofSeconds(5);

    /** A stage's main logic: returns {@link ExitCode#OK} or {@link ExitCode#FAILED}. */
    @FunctionalInterface
    public interface Stage {
        int run(String[] args) throws Exception;
    }

    /** Set once Ctrl-C is being handled: what the stage's thread throws after that is not news. */
    private static volatile boolean interrupting;

    private StageRunner() {
    }

    /**
     * Runs the stage as a program: the exit code, the summary, and Ctrl-C handling. {@code main} passes the
     * result to {@code System.exit}.
     */
    public static int main(Stage stage, String[] args) {
        AtomicBoolean ended = new AtomicBoolean();
        Thread onSignal = new Thread(() -> interrupted(ended), "ctrl-c");
        Runtime.getRuntime().addShutdownHook(onSignal);
        int code = run(stage, args, System.err);
        if (ended.compareAndSet(false, true)) {
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // a signal came as the stage ended: the hook runs, and does nothing
            }
        }
        return code;
    }

    private static void interrupted(AtomicBoolean ended) {
        if (!ended.compareAndSet(false, true)) {
            return; // the stage had ended: a normal exit
        }
        interrupting = true;
        System.err.println("Interrupted: closing the producer (at most " + CLOSE_ON_INTERRUPT.toSeconds()
                + " s for the messages in flight).");
        Outcomes outcomes = Outcomes.current();
        if (outcomes != null) {
            try {
                outcomes.closeProducer(CLOSE_ON_INTERRUPT);
            } catch (RuntimeException e) {
                System.err.println("error: closing the producer failed: " + describe(e));
            }
            outcomes.logSummary();
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(ExitCode.INTERRUPTED);
    }

    /**
     * Runs the stage and returns the exit code, printing the summary of a watched producer at the end. Tests call
     * this; {@link #main} adds the Ctrl-C handling.
     */
    public static int run(Stage stage, String[] args, PrintStream err) {
        Outcomes.reset();
        int code = runStage(stage, args, err);
        Outcomes outcomes = Outcomes.current();
        if (outcomes != null && code != ExitCode.USAGE) {
            outcomes.logSummary();
            code = Math.max(code, outcomes.exitCode());
        }
        return code;
    }

    private static int runStage(Stage stage, String[] args, PrintStream err) {
        try {
            return stage.run(args);
        } catch (UsageException e) {
            say(err, "error: " + e.getMessage() + " Run with --help to see the options.");
            return ExitCode.USAGE;
        } catch (BrokerUnavailableException | ClusterUnreachableException e) {
            say(err, "error: " + e.getMessage());
            return ExitCode.FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            say(err, "error: interrupted.");
            return ExitCode.INTERRUPTED;
        } catch (KafkaException e) {
            ConfigException config = configException(e);
            if (config != null) {
                // the stage's settings with KAFKA_CLIENT_CONFIG on top do not go together (e.g. acks=1 with
                // enable.idempotence=true): bad configuration, not a failed delivery
                say(err, "error: the producer rejects its configuration (the stage's settings with "
                        + TutorialEnvironment.CLIENT_CONFIG_ENV + " on top): " + config.getMessage());
                return ExitCode.USAGE;
            }
            say(err, "error: " + describe(e));
            return ExitCode.FAILED;
        } catch (Exception e) {
            say(err, "error: " + describe(e));
            return ExitCode.FAILED;
        }
    }

    private static void say(PrintStream err, String line) {
        if (!interrupting) { // after Ctrl-C, what the stage's thread throws is the closing producer: not news
            err.println(line);
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
