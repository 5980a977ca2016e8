package dev.learnkafka.run;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;

/**
 * Runs a stage's main logic and keeps the run contract around it: the exit code, one line on standard error for a
 * failure instead of a stack trace, the summary as the run's last line however it ends, and Ctrl-C (exit 130).
 */
public final class StageRunner {
    /** How long Ctrl-C waits, after the last outcome came in, for the stage's thread to end its run. */
    public static final Duration CLOSE_ON_INTERRUPT = Duration.ofSeconds(5);
    /** However busy the stage's thread is, Ctrl-C ends the run after this. */
    static final Duration STAGE_END_AT_MOST = Duration.ofSeconds(60);

    /** A program's body (a stage's is {@link Run}'s): returns {@link ExitCode#OK} or {@link ExitCode#FAILED}. */
    @FunctionalInterface
    public interface Program {
        int run(String[] args) throws Exception;
    }

    /** Set once Ctrl-C is being handled: what the stage's thread throws after that is not news. */
    private static volatile boolean interrupting;

    private StageRunner() {
    }

    /** {@link #run} with the Ctrl-C handling; {@code main} passes the result to {@code System.exit}. */
    public static int main(Program stage, String[] args) {
        AtomicBoolean ended = new AtomicBoolean();
        CountDownLatch stageEnded = new CountDownLatch(1);
        Thread stageThread = Thread.currentThread();
        // exec:java names the thread after the class ("dev.learnkafka....HighLevelProducerDemo.main()"), 60
        // characters before every log line's message; this is the program's main thread, so it says [main]
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
        boolean gone = outcomes != null && outcomes.brokersGone;
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

    /** Waits while the stage's thread makes progress: outcomes come in, or it runs (printing the last reports). */
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
     * True when the thread waits (a sleep, a latch) outside the {@code KafkaProducer}: inside it {@code send()}
     * ignores an interrupt unless it blocks, and an interrupted {@code close()} logs an error with a stack trace.
     */
    static boolean interruptible(Thread thread) {
        Thread.State state = thread.getState();
        return (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
                && Stream.of(thread.getStackTrace()).noneMatch(f -> f.getClassName().startsWith(
                        "org.apache.kafka.clients.producer."))
                && thread.getState() == state; // still the same wait
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

    /** Runs the stage and returns the exit code; the summary comes after the stage's code returned (tests call it). */
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
            for (Throwable c = e instanceof KafkaException ? e : null; c != null; c = c.getCause()) {
                if (c instanceof ConfigException) {
                    // the stage's settings with KAFKA_CLIENT_CONFIG on top do not go together (e.g. acks=1 with
                    // enable.idempotence=true): bad configuration, not a failed delivery
                    say(err, "error: the producer rejects its configuration (the stage's settings with "
                            + TutorialEnvironment.CLIENT_CONFIG_ENV + " on top): " + c.getMessage());
                    return ExitCode.USAGE;
                }
            }
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
