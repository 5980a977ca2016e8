package dev.learnkafka.producer.logging;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.learnkafka.run.ExitCode;
import dev.learnkafka.run.StageRunner;
import dev.learnkafka.run.TutorialBroker;
import dev.learnkafka.run.TutorialEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What debug logging costs: producer throughput with {@code --debug all} against debug off, in one run against
 * one broker. Not a test: timings depend on the machine.
 *
 * <ol>
 *   <li>Find the broker as every stage does, and create the benchmark's topic (3 partitions).</li>
 *   <li>Alternate off, all, off, all, off, all: each a fresh JVM ({@link BenchmarkWorker}), because logging settings are
 *       fixed per JVM; each sends 2,000 untimed messages, then {@link #MESSAGES} timed ones of
 *       100 bytes, log lines going to a file as with {@code --log-file}.</li>
 *   <li>Log each run and the ratio of the best throughputs.</li>
 * </ol>
 */
public final class DebugLoggingBenchmark {
    // No static logger: main quiets the client's INFO lines first (the workers have their own settings).
    /** Scaled so the whole benchmark ends within two minutes on a 2-core machine. */
    static final int MESSAGES = Integer.getInteger("bench.messages", 500_000);
    private static final String TOPIC = "debug-logging-bench";
    private static final List<String> MODES = List.of("", "all", "", "all", "", "all");

    private record Result(String mode, int messages, long nanos, long failed, long logBytes, long events) {
        double perSecond() {
            return messages * 1e9 / nanos;
        }
    }

    private DebugLoggingBenchmark() {
    }

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
        Logger log = LoggerFactory.getLogger(DebugLoggingBenchmark.class);
        System.exit(StageRunner.run(a -> run(TutorialEnvironment.fromSystem(), log), args, System.err));
    }

    static int run(TutorialEnvironment env, Logger log) throws Exception {
        // step 1: the broker and the topic
        try (TutorialBroker broker = TutorialBroker.connect(env, log::info)) {
            createTopic(broker.bootstrapServers(), env);
            log.info("Sending {} messages of 100 bytes per run, debug off and --debug all alternating.", MESSAGES);

            // step 2: off, all, off, all; each in its own JVM
            List<Result> results = new ArrayList<>();
            Path dir = Files.createTempDirectory("debug-bench-");
            try {
                for (int i = 0; i < MODES.size(); i++) {
                    Path logFile = dir.resolve("run-" + i + ".log");
                    Result r = runWorker(broker.bootstrapServers(), MODES.get(i), logFile);
                    Files.delete(logFile); // hundreds of MB with debug all
                    results.add(r);
                    log.info("debug {}: {} msg/s ({} ms), {} failed, {} log events, {} KB of log", name(r.mode()),
                            Math.round(r.perSecond()), TimeUnit.NANOSECONDS.toMillis(r.nanos()), r.failed(),
                            r.events(), r.logBytes() / 1024);
                }
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.delete(f);
                    }
                }
                Files.delete(dir);
            }

            // step 3: the best of each, and the ratio
            double off = best(results, "");
            double all = best(results, "all");
            log.info("Best of each: debug off {} msg/s, --debug all {} msg/s: with debug all the producer runs at "
                    + "{}% of its speed ({}x slower).", Math.round(off), Math.round(all),
                    Math.round(100 * all / off), String.format("%.1f", off / all));
            return results.stream().allMatch(r -> r.failed() == 0) ? ExitCode.OK : ExitCode.FAILED;
        }
    }

    private static String name(String mode) {
        return mode.isEmpty() ? "off" : mode;
    }

    private static double best(List<Result> results, String mode) {
        return results.stream().filter(r -> r.mode().equals(mode)).mapToDouble(Result::perSecond).max().orElse(0);
    }

    private static Result runWorker(String bootstrap, String mode, Path logFile)
            throws IOException, InterruptedException {
        // the flags: no JDK 24+ warnings (snappy's native library; sun.misc.Unsafe, an option JDK 17 lacks)
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-cp", classPath(), BenchmarkWorker.class.getName(),
                bootstrap, TOPIC, String.valueOf(MESSAGES), mode, logFile.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0 || !output.contains("RESULT ")) {
            throw new IllegalStateException("The benchmark run with debug " + name(mode) + " failed: " + output);
        }
        String[] f = output.substring(output.indexOf("RESULT ")).strip().split("\\s+");
        return new Result(mode, Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                Long.parseLong(f[4]), Long.parseLong(f[5]));
    }

    /** This program's classpath: under exec:java it is the class loader's, not java.class.path (Maven's own). */
    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (ClassLoader cl = DebugLoggingBenchmark.class.getClassLoader(); cl != null; cl = cl.getParent()) {
            if (cl instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        // not a file: not on a command line either
                    }
                }
            }
        }
        entries.addAll(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        return String.join(File.pathSeparator, entries);
    }

    private static void createTopic(String bootstrap, TutorialEnvironment env)
            throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
        Map<String, Object> config = new java.util.HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        env.clientConfig().forEach((k, v) -> config.put(String.valueOf(k), v));
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }
}
