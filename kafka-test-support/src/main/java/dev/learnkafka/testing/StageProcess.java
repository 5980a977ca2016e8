package dev.learnkafka.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a stage's main class in a new JVM, as a reader runs it: its own environment, its real exit code, its
 * real standard output and error. The test JVM's classpath is reused, so the stage runs as built.
 */
public final class StageProcess {

    /**
     * What Maven's own launcher passes, and what a reader adds on JDK 24+: without it the JVM prints four WARNING
     * lines on stderr when Kafka's snappy codec loads its native library. JDK 17 and later accept it.
     */
    public static final String ENABLE_NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    /**
     * From JDK 24 on, the embedded broker closing its memory-mapped index files (Kafka's ByteBufferUnmapper calls
     * sun.misc.Unsafe::invokeCleaner) prints four WARNING lines unless this is set. JDK 23 added the option; JDK 17
     * refuses to start with it, so it is passed only where the JDK knows it.
     */
    public static final String ALLOW_UNSAFE_MEMORY_ACCESS = "--sun-misc-unsafe-memory-access=allow";

    /**
     * A JVM a test starts lives seconds: without the optimizing compiler (C2) it starts and ends sooner and leaves
     * the cores to the other tests (a stage's run: about a quarter less CPU). Throughput is the benchmarks' job,
     * in JVMs of their own.
     */
    public static final List<String> SHORT_LIVED = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    /** The options a JVM started by a test needs on this JDK (the child runs on the same java.home). */
    public static List<String> jdkOptions() {
        List<String> options = new ArrayList<>(SHORT_LIVED);
        options.add(ENABLE_NATIVE_ACCESS);
        if (Runtime.version().feature() >= 24) {
            options.add(ALLOW_UNSAFE_MEMORY_ACCESS);
        }
        return options;
    }

    /** What the run left behind. */
    public record Result(int exitCode, String stdout, String stderr, Duration elapsed) {
        public String output() {
            return stdout + stderr;
        }
    }

    private StageProcess() {
    }

    /** A stage that is still running: tests watch its output, signal it and wait for its end. */
    public static final class Running {
        private final Class<?> mainClass;
        private final Process process;
        private final Path out;
        private final Path err;
        private final long started = System.nanoTime();

        private Running(Class<?> mainClass, Process process, Path out, Path err) {
            this.mainClass = mainClass;
            this.process = process;
            this.out = out;
            this.err = err;
        }

        /** Standard output so far. */
        public String stdout() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        /** Sends a signal by name, e.g. {@code INT} for Ctrl-C. */
        public void signal(String name) throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        }

        /** Waits for the end; the stage is killed and the test fails after {@code timeout}. */
        public Result await(Duration timeout) throws IOException, InterruptedException {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError(mainClass.getSimpleName() + " did not end within " + timeout
                            + "; its output so far:\n" + tail(Files.readString(out)) + tail(Files.readString(err)));
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8), elapsed);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        }

        private static String tail(String text) {
            return text.length() > 20_000 ? "..." + text.substring(text.length() - 20_000) : text;
        }
    }

    /** Starts the stage like {@link #run} and returns at once. */
    public static Running start(Class<?> mainClass, Map<String, String> env, List<String> jvmOptions,
                                String... args) throws IOException {
        Path out = Files.createTempFile("stage-out-", ".txt");
        Path err = Files.createTempFile("stage-err-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command(mainClass, jvmOptions, args))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().keySet().removeIf(k -> k.startsWith("KAFKA_"));
        builder.environment().putAll(env);
        return new Running(mainClass, builder.start(), out, err);
    }

    /**
     * A build started in the background by a non-interactive shell (a script's {@code ./mvnw verify &}) inherits
     * SIGINT ignored, and a JVM keeps an ignored SIGINT ignored: the Ctrl-C tests would wait for a run that never
     * hears it. GNU env resets it for the stage's JVM; where env cannot (macOS), the stage inherits what there is.
     */
    private static final List<String> DEFAULT_SIGNALS = defaultSignals();

    private static List<String> defaultSignals() {
        List<String> env = List.of("env", "--default-signal=INT,TERM");
        try {
            Process probe = new ProcessBuilder(env.get(0), env.get(1), "true").start();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0 ? env : List.of();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private static List<String> command(Class<?> mainClass, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(DEFAULT_SIGNALS);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jdkOptions());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return command;
    }

    /**
     * @param mainClass   the stage's main class
     * @param env         environment variables to set; the KAFKA_* variables of the test JVM are removed first,
     *                    so a run only sees what the test gives it
     * @param jvmOptions  e.g. {@code -Dlearnkafka.default.port=41234}
     * @param timeout     the run is killed after this and the test fails
     */
    public static Result run(Class<?> mainClass, Map<String, String> env, List<String> jvmOptions, Duration timeout,
                             String... args) throws IOException, InterruptedException {
        return start(mainClass, env, jvmOptions, args).await(timeout);
    }
}
