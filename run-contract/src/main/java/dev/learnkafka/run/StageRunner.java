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
 *   <li>when the stage created its producer with {@link Run#yourSettings()}, the summary "Delivered X, failed Y,
 *       unknown U, not sent Z of N messages." is printed once, as the run's last line, however the run ends;</li>
 *   <li>Ctrl-C (SIGINT) or SIGTERM frees the stage's thread from what it waits for (a sleep, a latch, a wait
 *       for reports: an InterruptedException the lesson lets through), never from a call into the
 *       {@code KafkaProducer} (an interrupted {@code close()} logs an error with a stack trace); the stage then
 *       closes its producer as usual (its closes print the last delivery reports) and prints the summary, and the
 *       run exits 130. A send loop with no wait in it runs to its end first. The run waits while outcomes keep
 *       coming, and at most {@link #CLOSE_ON_INTERRUPT} after the last one (not at all once no broker answers);
 *       then the summary comes from Ctrl-C's thread, what is still in flight counted unknown.</li>
 * </ul>
 */
public final class StageRunner {
    /**
     * How long Ctrl-C waits, after the last outcome came in, for the stage's thread to end its run (close what it
     * opened, stop a broker it started) and print the summary; after that the summary is printed from Ctrl-C's
     * thread and the run ends.
     */
    public static final Duration CLOSE_ON_INTERRUPT = Duration.ofSeconds(5);
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
        Runtime.getRuntime().addShutdownHook(new Thread(() -> interrupted(ended, stageThread, stageEnded), "ctrl-c"));
        int code;
        try {
            code = run(stage, args, System.err);
        } finally {
            stageEnded.countDown(); // the summary, if any, is printed
        }
        // the hook stays: once the stage has ended it does nothing; else Ctrl-C's thread ends the JVM with 130
        return ended.compareAndSet(false, true) ? code : ExitCode.INTERRUPTED;
    }

    private static void interrupted(AtomicBoolean ended, Thread stageThread, CountDownLatch stageEnded) {
        if (!ended.compareAndSet(false, true)) {
            return; // the stage had ended: a normal exit
        }
        interrupting = true;
        Outcomes outcomes = Outcomes.current();
        // with every broker gone there is nothing to wait for: Ctrl-C ends the run at once
        boolean gone = outcomes != null && outcomes.brokersGone();
        Runnable say = () -> System.err.println(gone
                ? "Interrupted: no broker answers, so the messages in flight are given up now."
                : "Interrupted: closing the producer (the run ends at the latest "
                        + CLOSE_ON_INTERRUPT.toSeconds() + " s after the last delivery report).");
        if (outcomes == null) {
            say.run();
            stageThread.interrupt(); // no producer yet: e.g. waiting for a broker to start
        } else if (!outcomes.unlessSummarized(say)) {
            // the summary is out: the stage was ending anyway, and nothing may follow the summary
            halt(stageEnded, Duration.ofSeconds(2));
            return;
        }
        // the stage's thread prints the last reports, stops what it started and prints the summary: wait for
        // it as long as it makes progress (printing many reports takes a while), else for a bounded time
        if ((gone || !awaitStageEnd(stageEnded, stageThread, outcomes)) && outcomes != null) {
            outcomes.freeze(); // acknowledgements that come now wait: no delivery line after the summary
            outcomes.logSummary(); // it did not end in time: the summary from here, once
        }
        halt(stageEnded, Duration.ZERO);
    }

    /**
     * Waits for the stage's thread to end while it makes progress: outcomes come in, or it runs (a thread that
     * prints the last of 100,000 delivery reports is RUNNABLE; one stuck on a lock or a latch is not). Frees it
     * from a wait of its own (see {@link #interruptible}). Gives up after {@link #CLOSE_ON_INTERRUPT} without
     * progress, and after {@link #STAGE_END_AT_MOST} in any case.
     */
    private static boolean awaitStageEnd(CountDownLatch stageEnded, Thread stageThread, Outcomes outcomes) {
        long began = System.nanoTime();
        long quietSince = began;
        int told = outcomes == null ? 0 : outcomes.told();
        boolean freed = outcomes == null;
        while (System.nanoTime() - quietSince < CLOSE_ON_INTERRUPT.toNanos()
                && System.nanoTime() - began < STAGE_END_AT_MOST.toNanos()) {
            if (!freed && interruptible(stageThread)) {
                stageThread.interrupt();
                freed = true;
            }
            if (await(stageEnded, Duration.ofMillis(freed ? 200 : 20))) {
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

    /**
     * True when the stage's thread waits (a sleep, a latch, a wait for reports) and not inside a call into the
     * {@code KafkaProducer}: there an interrupt ends the wait with an InterruptedException. Inside the producer it
     * would not: {@code send()} ignores it unless it blocks, and an interrupted {@code close()} logs an error with
     * a stack trace before it gives up waiting.
     */
    static boolean interruptible(Thread thread) {
        Thread.State state = thread.getState();
        if (state != Thread.State.WAITING && state != Thread.State.TIMED_WAITING) {
            return false;
        }
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().startsWith("org.apache.kafka.clients.producer.")) {
                return false;
            }
        }
        return thread.getState() == state; // still the same wait
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
     * Runs the stage and returns the exit code, printing the summary of the run's producer at the end: after the
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            say(err, "error: interrupted.");
            return ExitCode.INTERRUPTED;
        } catch (Exception e) {
            Throwable config = e instanceof KafkaException ? e : null;
            while (config != null && !(config instanceof ConfigException)) {
                config = config.getCause();
            }
            if (config != null) {
                // the stage's settings with KAFKA_CLIENT_CONFIG on top do not go together (e.g. acks=1 with
                // enable.idempotence=true): bad configuration, not a failed delivery
                say(err, "error: the producer rejects its configuration (the stage's settings with "
                        + TutorialEnvironment.CLIENT_CONFIG_ENV + " on top): " + config.getMessage());
                return ExitCode.USAGE;
            }
            // no broker: its own sentence; anything else: the exception's class and message
            say(err, "error: " + (e instanceof BrokerUnavailableException ? e.getMessage() : describe(e)));
            return ExitCode.FAILED;
        }
    }

    private static void say(PrintStream err, String line) {
        if (!interrupting) { // after Ctrl-C, what the stage's thread throws is the closing producer: not news
            err.println(line);
        }
    }

    /** The exception's class and message, and the root cause's when it says more. */
    public static String describe(Throwable e) {
        Throwable root = BrokerCheck.rootCause(e);
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (root != e && root.getMessage() != null && !String.valueOf(e.getMessage()).contains(root.getMessage())) {
            text += " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return text;
    }
}
