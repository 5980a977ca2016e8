package dev.learnkafka.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a stage in this test JVM instead of a new one: the same lesson, options and environment, its exit code and
 * what it printed, without the second or two of CPU a JVM start costs. For what only a real process shows (a
 * signal, {@code System.exit}, the JVM's own output), use {@link StageProcess}.
 *
 * <p>What the run prints is captured per thread: the calling thread and every thread it starts (the producer's
 * network thread, where delivery callbacks print) write to the run's buffers; any other test's output goes where it
 * went. Runs take turns, one at a time per JVM: the run contract counts outcomes JVM-wide.
 */
public final class InJvmStage {
    private static final ReentrantLock ONE_AT_A_TIME = new ReentrantLock();
    private static final InheritableThreadLocal<Capture> CAPTURE = new InheritableThreadLocal<>();
    private static PrintStream realOut;
    private static PrintStream realErr;

    private InJvmStage() {
    }

    /**
     * @param stage e.g. {@code () -> Run.run(args, env, Stage.OPTIONS, Stage::run, System.err)}
     * @return the exit code and what the run printed on standard output and error
     */
    public static StageProcess.Result run(Callable<Integer> stage) throws Exception {
        ONE_AT_A_TIME.lock();
        try {
            installRouting();
            Capture capture = new Capture();
            CAPTURE.set(capture);
            long started = System.nanoTime();
            int code;
            try {
                code = stage.call();
            } finally {
                CAPTURE.remove();
                System.out.flush();
                System.err.flush();
            }
            return new StageProcess.Result(code, capture.out.toString(StandardCharsets.UTF_8),
                    capture.err.toString(StandardCharsets.UTF_8), Duration.ofNanos(System.nanoTime() - started));
        } finally {
            ONE_AT_A_TIME.unlock();
        }
    }

    private static synchronized void installRouting() {
        if (realOut == null) {
            realOut = System.out;
            realErr = System.err;
            System.setOut(new PrintStream(new Routed(realOut, true), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new Routed(realErr, false), true, StandardCharsets.UTF_8));
        }
    }

    private static final class Capture {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
    }

    /** Writes to the calling thread's capture, if it belongs to a run, else to the real stream. */
    private static final class Routed extends OutputStream {
        private final PrintStream real;
        private final boolean out;

        Routed(PrintStream real, boolean out) {
            this.real = real;
            this.out = out;
        }

        private OutputStream target() {
            Capture capture = CAPTURE.get();
            return capture == null ? real : out ? capture.out : capture.err;
        }

        @Override
        public void write(int b) {
            OutputStream target = target();
            synchronized (target) {
                try {
                    target.write(b);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            OutputStream target = target();
            synchronized (target) {
                try {
                    target.write(b, off, len);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }

        @Override
        public void flush() {
            real.flush();
        }
    }
}
