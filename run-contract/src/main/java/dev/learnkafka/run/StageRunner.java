package dev.learnkafka.run;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;

/**
 * Runs a stage's main logic and keeps the run contract around it:
 * <ul>
 *   <li>the outcome becomes the contract's exit code, with one clear line on standard error for a failure
 *       instead of a wall of stack trace;</li>
 *   <li>when the stage {@linkplain Outcomes#watch watched} its producer, the summary "Delivered X, failed Y,
 *       unknown U, not sent Z of N messages." is printed once, as the run's last line, however the run ends;</li>
 *   <li>Ctrl-C (SIGINT) or SIGTERM stops the stage's sends, frees its thread from what it waits for, and closes
 *       the producer, waiting at most {@link #CLOSE_ON_INTERRUPT} for what is in flight (nothing, once no broker
 *       answers); the stage's thread then ends its run as usual (its closes print the last delivery reports),
 *       prints the summary, and the run exits 130.</li>
 * </ul>
 */
public final class StageRunner {
    /** How long Ctrl-C lets the producer deliver what it holds before it gives up on it. */
    public static final Duration CLOSE_ON_INTERRUPT = Duration.ofSeconds(5);
    /**
     * How long Ctrl-C waits, after the last outcome came in, for the stage's thread to end its run (close what it
     * opened, stop a broker it started) and print the summary; after that the summary is printed from Ctrl-C's
     * thread and the run ends.
     */
    static final Duration STAGE_END_ON_INTERRUPT = Duration.ofSeconds(10);
    /** However busy the stage's thread is, Ctrl-C ends the run after this. */
    static final Duration STAGE_END_AT_MOST = Duration.ofSeconds(60);

    /**
     * A program's body, given its arguments: returns {@link ExitCode#OK} or {@link ExitCode#FAILED}. A stage's
     * is {@link Run}'s, which parses the options and hands its {@link Run.Lesson} a {@link Run}; the benchmark
     * study has its own.
     */
    @FunctionalInterface
    public interface Program {
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
    public static int main(Program stage, String[] args) {
        AtomicBoolean ended = new AtomicBoolean();
        CountDownLatch stageEnded = new CountDownLatch(1);
        Thread stageThread = Thread.currentThread();
        // exec:java runs a program on a thread named after its class
        // ("dev.learnkafka....HighLevelProducerDemo.main()"), 60 characters before every log line's message; this
        // is the program's main thread, so it says [main]
        stageThread.setName("main");
        Thread onSignal = new Thread(() -> interrupted(ended, stageThread, stageEnded), "ctrl-c");
        Runtime.getRuntime().addShutdownHook(onSignal);
        int code;
        try {
            code = run(stage, args, System.err);
        } finally {
            stageEnded.countDown(); // the summary, if any, is printed
        }
        if (ended.compareAndSet(false, true)) {
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // a signal came as the stage ended: the hook runs, and does nothing
            }
            return code;
        }
        return ExitCode.INTERRUPTED; // Ctrl-C's thread ends the JVM with this code
    }

    private static void interrupted(AtomicBoolean ended, Thread stageThread, CountDownLatch stageEnded) {
        if (!ended.compareAndSet(false, true)) {
            return; // the stage had ended: a normal exit
        }
        interrupting = true;
        Outcomes outcomes = Outcomes.current();
        // with every broker gone there is nothing to wait for: Ctrl-C ends the run at once
        Duration grace = outcomes != null && outcomes.brokersGone() ? Duration.ZERO : CLOSE_ON_INTERRUPT;
        Runnable say = () -> System.err.println(grace.isZero()
                ? "Interrupted: no broker answers, so the messages in flight are given up now."
                : "Interrupted: closing the producer (at most " + grace.toSeconds()
                        + " s for the messages in flight).");
        if (outcomes == null) {
            say.run();
        } else if (!outcomes.unlessSummarized(say)) {
            // the summary is out: the stage was ending anyway, and nothing may follow the summary
            halt(stageEnded, Duration.ofSeconds(2));
            return;
        }
        try {
            if (outcomes != null) {
                outcomes.interrupt(stageThread, grace);
            } else {
                stageThread.interrupt();
            }
        } catch (RuntimeException e) {
            System.err.println("error: closing the producer failed: " + describe(e));
        }
        // the stage's thread prints the last reports, stops what it started and prints the summary: wait for
        // it as long as it makes progress (printing many reports takes a while), else for a bounded time
        if (!awaitStageEnd(stageEnded, stageThread, outcomes) && outcomes != null) {
            outcomes.logSummary(); // it did not end in time: the summary from here, once
        }
        halt(stageEnded, Duration.ZERO);
    }

    /**
     * Waits for the stage's thread to end while it makes progress: outcomes come in, or it runs (a thread that
     * prints the last of 100,000 delivery reports is RUNNABLE; one stuck on a lock or a latch is not). Gives up
     * after {@link #STAGE_END_ON_INTERRUPT} without progress, and after {@link #STAGE_END_AT_MOST} in any case.
     */
    private static boolean awaitStageEnd(CountDownLatch stageEnded, Thread stageThread, Outcomes outcomes) {
        long began = System.nanoTime();
        long quietSince = began;
        int told = outcomes == null ? 0 : outcomes.told();
        while (System.nanoTime() - quietSince < STAGE_END_ON_INTERRUPT.toNanos()
                && System.nanoTime() - began < STAGE_END_AT_MOST.toNanos()) {
            if (await(stageEnded, Duration.ofMillis(200))) {
                return true;
            }
            int now = outcomes == null ? 0 : outcomes.told();
            if (now != told || stageThread.getState() == Thread.State.RUNNABLE) {
                told = now;
                quietSince = System.nanoTime();
            }
        }
        return false;
    }

    private static void halt(CountDownLatch stageEnded, Duration wait) {
        await(stageEnded, wait);
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(ExitCode.INTERRUPTED);
    }

    private static boolean await(CountDownLatch latch, Duration timeout) {
        try {
            return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return false;
        }
    }

    /**
     * Runs the stage and returns the exit code, printing the summary of a watched producer at the end: after the
     * stage's code has returned, so after its producer is closed and every delivery report printed. Tests call
     * this; {@link #main} adds the Ctrl-C handling.
     */
    public static int run(Program stage, String[] args, PrintStream err) {
        Outcomes.reset();
        int code = runStage(stage, args, err);
        Outcomes outcomes = Outcomes.current();
        if (outcomes != null && code != ExitCode.USAGE) {
            outcomes.logSummary();
            code = Math.max(code, outcomes.exitCode());
        }
        return code;
    }

    private static int runStage(Program stage, String[] args, PrintStream err) {
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
